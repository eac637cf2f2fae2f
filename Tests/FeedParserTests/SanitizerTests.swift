import Foundation
import Testing
@testable import FeedParser

private func clean(_ html: String, base: String? = "http://example.com/dir/page.html") -> HTMLSanitizer.Output {
    HTMLSanitizer().sanitize(Array(html.utf8)[...], base: base)
}

@Test(arguments: [
    ("<p>ok<script>alert(1)</script></p>", "<p>ok</p>"),
    ("a<style>p{color:red}</style>b", "ab"),
    ("a<iframe src=\"http://evil/\">x</iframe>b", "ab"),
    ("a<object data=\"x\"><param name=\"a\" value=\"b\">fallback</object>b", "ab"),
    ("a<embed src=\"x.swf\">b", "ab"),
    ("a<applet code=\"x\">text</applet>b", "ab"),
    ("a<form action=\"/p\"><input name=\"q\">text</form>b", "ab"),
    ("a<meta http-equiv=\"refresh\" content=\"0\"><link rel=\"stylesheet\" href=\"x.css\">b", "ab"),
    ("<p onclick=\"x()\" onmouseover=\"y()\" class=\"c\">t</p>", "<p class=\"c\">t</p>"),
    ("<a href=\"javascript:alert(1)\">x</a>", "<a href=\"\">x</a>"),
    ("<a href=\" JaVaScRiPt:alert(1)\">x</a>", "<a href=\"\">x</a>"),
    ("<a href=\"java\tscript:alert(1)\">x</a>", "<a href=\"\">x</a>"),
    ("<a href=\"vbscript:msgbox\">x</a>", "<a href=\"\">x</a>"),
    ("<a href=\"data:text/html;base64,PHNjcmlwdD4=\">x</a>", "<a href=\"\">x</a>"),
    ("<img src=\"data:image/png;base64,iVBORw0KGgo=\">", "<img src=\"data:image/png;base64,iVBORw0KGgo=\" />"),
    ("<img src=\"pic.png\" onerror=\"x\">", "<img src=\"http://example.com/dir/pic.png\" />"),
    ("<a href=\"../up.html\">up</a>", "<a href=\"http://example.com/up.html\">up</a>"),
    ("<span style=\"color: red\">r</span>", "<span style=\"color: red;\">r</span>"),
    ("<span style=\"background: url(javascript:x)\">r</span>", "<span>r</span>"),
    ("<b>bold <i>both</b> italic</i>", "<b>bold <i>both</i></b> italic"),
    ("AT&amp;T &lt;tag&gt; &copy; 2020", "AT&amp;T &lt;tag&gt; © 2020"),
    ("<svg><script>x()</script></svg>ok", "ok"),
    ("<unknown>kept text</unknown>", "kept text"),
    ("<br>line<hr>", "<br />line<hr />"),
    ("<p>one<p>two", "<p>one</p><p>two</p>"),
    ("<ul><li>a<li>b</ul>", "<ul><li>a</li><li>b</li></ul>"),
    ("<dl><dt>a<dd>b<dt>c</dl>", "<dl><dt>a</dt><dd>b</dd><dt>c</dt></dl>"),
    ("<table><tr><td>a<td>b<tr><th>c<th>d</table>", "<table><tr><td>a</td><td>b</td></tr><tr><th>c</th><th>d</th></tr></table>"),
    ("<script>document.write('</p>')</script>after", "after"),
    ("<object><object>x</object>y</object>z", "z"),
    ("a <!-- hidden --> b", "a  b"),
    ("a <!-- never closed", "a"),
    ("1 < 2 and 3 > 2", "1 &lt; 2 and 3 &gt; 2"),
    ("<a href=/path?a=1&amp;b=2 title='x \"y\"'>t</a>", "<a href=\"http://example.com/path?a=1&amp;b=2\" title=\"x &quot;y&quot;\">t</a>"),
    ("<IMG SRC=\"JaVaScRiPt:alert(1)\">", "<img src=\"\" />"),
    ("&#150; &#x2014; &eacute &amp", "– — &amp;eacute &amp;"),
    ("<p>unclosed <b>bold", "<p>unclosed <b>bold</b></p>"),
    ("</div>stray end", "stray end"),
])
func sanitizes(_ input: String, _ expected: String) {
    #expect(clean(input).html == expected, "\(input)")
}

@Test func plainTextRenderingCollapsesWhitespaceAndBlocks() {
    let out = clean("<p>One&nbsp;two</p><p>three\n\n four</p><ul><li>five</li><li>six</li></ul>")
    #expect(out.text == "One two three four five six")
}

@Test(arguments: [
    ("", ""), ("   ", ""), ("a", "a"), (" lead and trail ", "lead and trail"),
    ("one  two\t\tthree\n\nfour\u{00A0}five \u{00A0} six", "one two three four five six"),
    ("a regular sentence of words that is longer than sixteen bytes, twice over, to use the wide path", "a regular sentence of words that is longer than sixteen bytes, twice over, to use the wide path"),
    ("long run of text    with a gap inside it and then\nmore text after a newline ©«»", "long run of text with a gap inside it and then more text after a newline ©«»"),
    (String(repeating: "word ", count: 40), String(repeating: "word ", count: 40).trimmingCharacters(in: .whitespaces)),
])
func collapsesWhitespace(_ input: String, _ expected: String) {
    #expect(collapseWhitespace(Array(input.utf8)[...]) == expected)
}
