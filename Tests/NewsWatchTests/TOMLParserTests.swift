import Foundation
import Testing
@testable import NewsWatch

@Suite struct TOMLParserTests {
    private func parse(_ text: String) throws -> TOMLTable { try TOMLParser.parse(text, file: "t.toml") }

    private func table(_ value: TOMLValue?) -> TOMLTable? {
        if case .table(let table)? = value { return table }
        return nil
    }

    @Test func readsKeysOfEveryKind() throws {
        let doc = try parse("""
            # a comment line
            bare_key-1 = "one"   # trailing comment
            "quoted key" = 2
            'literal key' = 3
            "" = "empty key"
            site."google.com" = true
            a . b . c = 4
            """)
        #expect(doc["bare_key-1"] == .string("one"))
        #expect(doc["quoted key"] == .integer(2))
        #expect(doc["literal key"] == .integer(3))
        #expect(doc[""] == .string("empty key"))
        #expect(table(doc["site"])?["google.com"] == .boolean(true))
        #expect(table(table(doc["a"])?["b"])?["c"] == .integer(4))
        #expect(doc.keys == ["bare_key-1", "quoted key", "literal key", "", "site", "a"])
    }

    @Test func readsBasicStringsWithEscapes() throws {
        let doc = try parse(#"""
            s = "tab\there \"quoted\" back\\slash \u00E9 \U0001F600 nl\n"
            lit = 'C:\Users\nobody "as is"'
            """#)
        #expect(doc["s"] == .string("tab\there \"quoted\" back\\slash é 😀 nl\n"))
        #expect(doc["lit"] == .string(#"C:\Users\nobody "as is""#))
    }

    @Test func readsMultilineStrings() throws {
        let doc = try parse(#"""
            a = """
            Roses are red
            Violets are blue"""
            b = """\
                The quick brown \
                fox."""
            c = """Here are two quotes: "". And one at the end: """"
            d = '''
            raw \n stays
            '''
            e = ''''That's it,' she said.'''
            """#)
        #expect(doc["a"] == .string("Roses are red\nViolets are blue"))
        #expect(doc["b"] == .string("The quick brown fox."))
        #expect(doc["c"] == .string(#"Here are two quotes: "". And one at the end: ""#))
        #expect(doc["d"] == .string("raw \\n stays\n"))
        #expect(doc["e"] == .string("'That's it,' she said."))
    }

    @Test func readsCRLFLineBreaks() throws {
        let doc = try parse("a = 1\r\nb = \"\"\"\r\nx\r\ny\"\"\"\r\n")
        #expect(doc["a"] == .integer(1))
        #expect(doc["b"] == .string("x\ny"))
    }

    @Test func readsIntegers() throws {
        let doc = try parse("""
            a = +99
            b = -17
            c = 0
            d = 1_000_000
            e = 0xDEAD_beef
            f = 0o755
            g = 0b1101_0110
            h = 9223372036854775807
            i = -9223372036854775808
            """)
        #expect(doc["a"] == .integer(99))
        #expect(doc["b"] == .integer(-17))
        #expect(doc["c"] == .integer(0))
        #expect(doc["d"] == .integer(1_000_000))
        #expect(doc["e"] == .integer(0xDEAD_BEEF))
        #expect(doc["f"] == .integer(0o755))
        #expect(doc["g"] == .integer(0b1101_0110))
        #expect(doc["h"] == .integer(.max))
        #expect(doc["i"] == .integer(.min))
    }

    @Test func readsFloatsAndBooleans() throws {
        let doc = try parse("""
            a = 3.1415
            b = -0.01
            c = 5e+22
            d = 6.626e-34
            e = 224_617.445_991
            f = inf
            g = -inf
            h = nan
            t = true
            u = false
            """)
        #expect(doc["a"] == .float(3.1415))
        #expect(doc["b"] == .float(-0.01))
        #expect(doc["c"] == .float(5e22))
        #expect(doc["d"] == .float(6.626e-34))
        #expect(doc["e"] == .float(224_617.445_991))
        #expect(doc["f"] == .float(.infinity))
        #expect(doc["g"] == .float(-.infinity))
        guard case .float(let notANumber)? = doc["h"] else { Issue.record("nan is not a float"); return }
        #expect(notANumber.isNaN)
        #expect(doc["t"] == .boolean(true))
        #expect(doc["u"] == .boolean(false))
    }

    @Test func keepsDatesAsWritten() throws {
        let doc = try parse("""
            a = 1979-05-27T07:32:00Z
            b = 1979-05-27T00:32:00.999999-07:00
            c = 1979-05-27 07:32:00
            d = 1979-05-27
            e = 07:32:00
            f = 2024-02-29
            """)
        #expect(doc["a"] == .dateTime("1979-05-27T07:32:00Z"))
        #expect(doc["b"] == .dateTime("1979-05-27T00:32:00.999999-07:00"))
        #expect(doc["c"] == .dateTime("1979-05-27 07:32:00"))
        #expect(doc["d"] == .dateTime("1979-05-27"))
        #expect(doc["e"] == .dateTime("07:32:00"))
        #expect(doc["f"] == .dateTime("2024-02-29"))
    }

    @Test func readsArraysAcrossLinesWithCommentsAndTrailingComma() throws {
        let doc = try parse("""
            nested = [ [1, 2], ["a", 'b'] ]
            long = [
              "x",   # first
              # a comment on its own line
              "y",
            ]
            empty = []
            mixed = [1, "two", 3.0]
            """)
        #expect(doc["nested"] == .array([.array([.integer(1), .integer(2)]), .array([.string("a"), .string("b")])]))
        #expect(doc["long"] == .array([.string("x"), .string("y")]))
        #expect(doc["empty"] == .array([]))
        #expect(doc["mixed"] == .array([.integer(1), .string("two"), .float(3)]))
    }

    @Test func readsInlineTables() throws {
        let doc = try parse(#"""
            point = { x = 1, y = 2 }
            animal = { type.name = "pug" }
            none = {}
            list = [ { a = 1 }, { a = 2 } ]
            """#)
        #expect(table(doc["point"])?["x"] == .integer(1))
        #expect(table(doc["point"])?["y"] == .integer(2))
        #expect(table(table(doc["animal"])?["type"])?["name"] == .string("pug"))
        #expect(table(doc["none"])?.isEmpty == true)
        guard case .array(let list)? = doc["list"] else { Issue.record("list is not an array"); return }
        #expect(list.compactMap { table($0)?["a"] } == [.integer(1), .integer(2)])
    }

    @Test func readsTablesAndArraysOfTables() throws {
        let doc = try parse("""
            title = "top"

            [server]
            host = "example.org"

            [server.limits]   # a sub-table
            max = 3

            [ "quoted name" . inner ]
            ok = true

            [[watch]]
            name = "first"

            [[watch]]
            name = "second"
            [watch.extra]
            flag = true

            [x.y.z]
            [x]        # defining a super-table afterwards is allowed
            w = 1

            [fruit]
            apple.color = "red"
            [fruit.apple.texture]   # a sub-table of a dotted-key table
            smooth = true
            """)
        #expect(doc["title"] == .string("top"))
        let server = try #require(table(doc["server"]))
        #expect(server["host"] == .string("example.org"))
        #expect(table(server["limits"])?["max"] == .integer(3))
        #expect(server.definedAt == TOMLPosition(line: 3, column: 1))
        #expect(table(table(doc["quoted name"])?["inner"])?["ok"] == .boolean(true))
        guard case .array(let watches)? = doc["watch"] else { Issue.record("watch is not an array"); return }
        #expect(watches.count == 2)
        #expect(table(watches[0])?["name"] == .string("first"))
        #expect(table(watches[1])?["name"] == .string("second"))
        #expect(table(table(watches[1])?["extra"])?["flag"] == .boolean(true))
        #expect(table(watches[1])?.definedAt == TOMLPosition(line: 15, column: 1))
        #expect(table(doc["x"])?["w"] == .integer(1))
        #expect(table(doc["x"])?.definedAt == TOMLPosition(line: 21, column: 1))
        #expect(doc.positions["x"] == TOMLPosition(line: 21, column: 1))
        let apple = try #require(table(table(doc["fruit"])?["apple"]))
        #expect(apple["color"] == .string("red"))
        #expect(table(apple["texture"])?["smooth"] == .boolean(true))
    }

    @Test func recordsWhereEachKeyWasWritten() throws {
        let doc = try parse("a = 1\n[t]\n  b = 2\n")
        #expect(doc.positions["a"] == TOMLPosition(line: 1, column: 1))
        #expect(table(doc["t"])?.positions["b"] == TOMLPosition(line: 3, column: 3))
    }

    @Test func acceptsEmptyDocumentAndByteOrderMark() throws {
        #expect(try parse("").isEmpty)
        #expect(try parse("\n# only a comment\n\n").isEmpty)
        #expect(try parse("\u{FEFF}a = 1")["a"] == .integer(1))
    }

    @Test func readsNonASCIIText() throws {
        let doc = try parse("city = \"Zürich\"\n\"新疆\" = '乌鲁木齐'\nlater = 1 # commentaire été\n")
        #expect(doc["city"] == .string("Zürich"))
        #expect(doc["新疆"] == .string("乌鲁木齐"))
        #expect(doc["later"] == .integer(1))
    }

    // MARK: - Errors, each with its line and column

    /// A document that must fail with `kind` at `line:column`.
    struct Broken: CustomTestStringConvertible, Sendable {
        var text: String
        var kind: TOMLError.Kind
        var line: Int
        var column: Int
        var testDescription: String { text.debugDescription }
    }

    static let broken: [Broken] = [
        Broken(text: "a = 1\nb = 2\nkey \"value\"", kind: .expectedEquals, line: 3, column: 5),
        Broken(text: "= 1", kind: .expectedKey, line: 1, column: 1),
        Broken(text: "a. = 1", kind: .expectedKey, line: 1, column: 4),
        Broken(text: "a =\n", kind: .expectedValue, line: 1, column: 4),
        Broken(text: "a = 1 2", kind: .expectedEndOfLine(found: "'2'"), line: 1, column: 7),
        Broken(text: "[t] x = 1", kind: .expectedEndOfLine(found: "'x'"), line: 1, column: 5),
        Broken(text: "[t", kind: .expectedTableHeaderClose(arrayOfTables: false), line: 1, column: 3),
        Broken(text: "[[t]", kind: .expectedTableHeaderClose(arrayOfTables: true), line: 1, column: 5),
        Broken(text: "a = [1 2]", kind: .expectedArraySeparator(found: "'2'"), line: 1, column: 8),
        Broken(text: "a = [1,\n2", kind: .expectedArraySeparator(found: "end of file"), line: 2, column: 2),
        Broken(text: "a = { x = 1\n}", kind: .expectedInlineTableSeparator(found: "end of line"), line: 1, column: 12),
        Broken(text: "a = { x = 1, }", kind: .trailingCommaInInlineTable, line: 1, column: 14),
        Broken(text: "a = \"abc\nb = 1", kind: .unterminatedString, line: 1, column: 5),
        Broken(text: "a = 'abc", kind: .unterminatedString, line: 1, column: 5),
        Broken(text: "x = 1\na = \"\"\"never closed\n\n", kind: .unterminatedString, line: 2, column: 5),
        Broken(text: "a = \"bad \\q escape\"", kind: .invalidEscape("\\q"), line: 1, column: 10),
        Broken(text: "a = \"\\u12G4\"", kind: .invalidEscape("\\u12G"), line: 1, column: 6),
        Broken(text: "a = \"\\uD800\"", kind: .invalidUnicodeScalar("\\uD800"), line: 1, column: 6),
        Broken(text: "a = \"\"\"x\"\"\"\"\"\"", kind: .tooManyQuotes, line: 1, column: 14),
        Broken(text: "a = \"bell\u{07}\"", kind: .controlCharacter(7), line: 1, column: 10),
        Broken(text: "a = 1 # nul \u{00} here", kind: .controlCharacter(0), line: 1, column: 13),
        Broken(text: "a = 1\rb = 2", kind: .controlCharacter(13), line: 1, column: 6),
        Broken(text: "a = 012", kind: .invalidNumber("012"), line: 1, column: 5),
        Broken(text: "a = 1__000", kind: .invalidNumber("1__000"), line: 1, column: 5),
        Broken(text: "a = 1_", kind: .invalidNumber("1_"), line: 1, column: 5),
        Broken(text: "a = 1.", kind: .invalidNumber("1."), line: 1, column: 5),
        Broken(text: "a = .5", kind: .invalidNumber(".5"), line: 1, column: 5),
        Broken(text: "a = 1e", kind: .invalidNumber("1e"), line: 1, column: 5),
        Broken(text: "a = -0x1F", kind: .invalidNumber("-0x1F"), line: 1, column: 5),
        Broken(text: "a = 0b102", kind: .invalidNumber("0b102"), line: 1, column: 5),
        Broken(text: "a = 1e999", kind: .invalidNumber("1e999"), line: 1, column: 5),
        Broken(text: "a = 9223372036854775808", kind: .integerOverflow("9223372036854775808"), line: 1, column: 5),
        Broken(text: "a = 0xFFFFFFFFFFFFFFFF", kind: .integerOverflow("0xFFFFFFFFFFFFFFFF"), line: 1, column: 5),
        Broken(text: "a = 2023-02-29", kind: .invalidDateTime("2023-02-29"), line: 1, column: 5),
        Broken(text: "a = 1979-05-27T25:00:00Z", kind: .invalidDateTime("1979-05-27T25:00:00Z"), line: 1, column: 5),
        Broken(text: "a = 07:32", kind: .invalidDateTime("07:32"), line: 1, column: 5),
        Broken(text: "a = yes", kind: .invalidValue("yes"), line: 1, column: 5),
        Broken(text: "a = True", kind: .invalidValue("True"), line: 1, column: 5),
        Broken(text: "name = \"a\"\n\n  name = \"b\"", kind: .duplicateKey("name"), line: 3, column: 3),
        Broken(text: "a.b = 1\na.b = 2", kind: .duplicateKey("a.b"), line: 2, column: 1),
        Broken(text: "p = { x = 1, x = 2 }", kind: .duplicateKey("x"), line: 1, column: 14),
        Broken(text: "[t]\n[t]", kind: .duplicateTable("t"), line: 2, column: 2),
        Broken(text: "[a.b]\n[a]\n[a.b]", kind: .duplicateTable("a.b"), line: 3, column: 4),
        Broken(text: "a = 1\n[a]", kind: .cannotExtend(key: "a", reason: "it already holds an integer"), line: 2, column: 2),
        Broken(text: "a = 1\na.b = 2", kind: .cannotExtend(key: "a", reason: "it already holds an integer"), line: 2, column: 1),
        Broken(text: "p = { x = 1 }\n[p.q]", kind: .cannotExtend(key: "p", reason: "it is an inline table, which is closed once written"), line: 2, column: 2),
        Broken(text: "p = { x = 1 }\np.y = 2", kind: .cannotExtend(key: "p", reason: "it is an inline table, which is closed once written"), line: 2, column: 1),
        Broken(text: "a = [1]\n[[a]]", kind: .cannotExtend(key: "a", reason: "it is a static array, not an array of tables"), line: 2, column: 3),
        Broken(text: "[[a]]\n[a]", kind: .cannotExtend(key: "a", reason: "it is an array of tables; write [[a]] to add an element"), line: 2, column: 2),
        Broken(text: "[a]\n[[a]]", kind: .cannotExtend(key: "a", reason: "it is already a table, not an array of tables"), line: 2, column: 3),
        Broken(text: "[f]\napple.color = 1\n[f.apple]", kind: .cannotExtend(key: "f.apple", reason: "it was already defined by dotted keys"), line: 3, column: 4),
        Broken(text: "[a.b.c]\nz = 1\n[a]\nb.c.t = 2", kind: .cannotExtend(key: "b", reason: "it is a table defined by a header, not by dotted keys"), line: 4, column: 1),
    ]

    @Test(arguments: broken)
    func rejectsWithLineAndColumn(_ case: Broken) {
        do {
            let doc = try TOMLParser.parse(`case`.text, file: "t.toml")
            Issue.record("parsed without error: \(doc)")
        } catch {
            #expect(error.kind == `case`.kind)
            #expect(error.position == TOMLPosition(line: `case`.line, column: `case`.column), "\(error)")
        }
    }

    @Test func errorReadsLikeACompilerMessage() {
        let text = "[fetch]\nconcurrency = 4\nper_host = 2\n\n\n\n# the next line is missing its '='\ntimeout_secs 60\n"
        #expect(throws: TOMLError.self) { try TOMLParser.parse(text, file: "config.toml") }
        do {
            _ = try TOMLParser.parse(text, file: "config.toml")
        } catch {
            #expect(error.description == "config.toml:8:14: expected '=' after key")
        }
    }

    @Test func rejectsInvalidUTF8WithItsPosition() {
        let bytes: [UInt8] = Array("a = 1\nb = \"caf".utf8) + [0xC3, 0x28] + Array("\"\n".utf8)
        do {
            _ = try TOMLParser.parse(bytes: bytes, file: "x.toml")
            Issue.record("invalid UTF-8 accepted")
        } catch {
            #expect(error.kind == .invalidUTF8)
            #expect(error.description == "x.toml:2:9: the text is not valid UTF-8")
        }
    }
}
