import NewsWatch
print("newswatch")
