import FeedParser
