import Testing
import Watches

@Test(arguments: [
    ("Ürümqi’s CAFÉ, 新疆", "urumqi s cafe 新 疆"),
    ("Straße ÆON Øresund Łódź", "strasse aeon oresund lodz"),
    ("ＦＵＬＬ ｗｉｄｔｈ ﬁne", "full width fine"),
    ("Cafe\u{301} de\u{AD}tention", "cafe detention"),
    ("hello—world...  again", "hello world again"),
    ("서울 ไทย", "서 울 ไ ท ย"),
    ("", ""),
])
func foldGivesTheWordsTheMatcherCompares(_ input: String, _ expected: String) {
    #expect(TextNormalizer.fold(input) == expected)
}

@Test func wordsSplitsLikeFold() {
    #expect(TextNormalizer.words("Kraków, 2026: São Paulo") == ["krakow", "2026", "sao", "paulo"])
}
