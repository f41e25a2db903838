package io.github.geminibalance.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DotEnvFileTest {

    private static DotEnvFile parse(String... lines) {
        return DotEnvFile.parse("test.env", String.join("\n", lines));
    }

    @Test
    void readsPlainEntriesSkippingCommentsAndBlankLines() {
        DotEnvFile file = parse(
                "# gateway settings",
                "",
                "MAX_FAILURES=10",
                "   ",
                "  # indented comment",
                "export PORT=9000",
                "HOST = 127.0.0.1  ",
                "PAID_KEY=");

        assertEquals(
                List.of("MAX_FAILURES", "PORT", "HOST", "PAID_KEY"), List.copyOf(file.values().keySet()));
        assertEquals(Map.of("MAX_FAILURES", "10", "PORT", "9000", "HOST", "127.0.0.1", "PAID_KEY", ""), file.values());
        assertTrue(file.problems().isEmpty());
    }

    @Test
    void keepsUnquotedValuesVerbatimUpToAnInlineComment() {
        DotEnvFile file = parse(
                "API_KEYS=[\"AIza-one\",\"AIza-two\"]",
                "SEARCH_MODELS=[\"a\", \"b\"]   # two models",
                "BASE_URL=https://relay.example/v1beta?x=1&y=2",
                "AUTH_TOKEN=sk-abc#def",
                "TOKEN=value\t# tab before the comment");

        assertEquals("[\"AIza-one\",\"AIza-two\"]", file.values().get("API_KEYS"));
        assertEquals("[\"a\", \"b\"]", file.values().get("SEARCH_MODELS"));
        assertEquals("https://relay.example/v1beta?x=1&y=2", file.values().get("BASE_URL"));
        // Without whitespace before it, '#' is part of the value, as in python-dotenv.
        assertEquals("sk-abc#def", file.values().get("AUTH_TOKEN"));
        assertEquals("value", file.values().get("TOKEN"));
    }

    @Test
    void doubleQuotedValuesUnderstandEscapesAndSingleQuotedOnesAreLiteral() {
        DotEnvFile file = parse(
                "DOUBLE=\"line1\\nline2 \\\"quoted\\\" back\\\\slash # not a comment\"  # a comment",
                "SINGLE='raw \\n stays # too'",
                "JSON='[{\"category\": \"HARM_CATEGORY_HARASSMENT\"}]'",
                "EMPTY=\"\"");

        assertEquals("line1\nline2 \"quoted\" back\\slash # not a comment", file.values().get("DOUBLE"));
        assertEquals("raw \\n stays # too", file.values().get("SINGLE"));
        assertEquals("[{\"category\": \"HARM_CATEGORY_HARASSMENT\"}]", file.values().get("JSON"));
        assertEquals("", file.values().get("EMPTY"));
        assertTrue(file.problems().isEmpty());
    }

    @Test
    void quotedValuesMaySpanLines() {
        DotEnvFile file = parse(
                "SAFETY_SETTINGS='[",
                "  {\"category\": \"HARM_CATEGORY_HARASSMENT\", \"threshold\": \"OFF\"}",
                "]'",
                "PORT=1234");

        assertEquals(
                "[\n  {\"category\": \"HARM_CATEGORY_HARASSMENT\", \"threshold\": \"OFF\"}\n]",
                file.values().get("SAFETY_SETTINGS"));
        assertEquals("1234", file.values().get("PORT"));
    }

    @Test
    void handlesWindowsLineEndingsAndAByteOrderMark() {
        DotEnvFile file = DotEnvFile.parse("test.env", "\uFEFFPORT=1\r\nHOST=h\r\n");

        assertEquals(Map.of("PORT", "1", "HOST", "h"), file.values());
    }

    @Test
    void aLaterLineForTheSameNameWins() {
        assertEquals("2", parse("PORT=1", "PORT=2").values().get("PORT"));
    }

    @Test
    void reportsEachMalformedLineWithItsNumberAndKeepsTheRest() {
        DotEnvFile file = parse(
                "PORT=1",
                "AIzaSyA-pasted-key-without-a-name",
                "MAX-FAILURES=3",
                "HOST=h",
                "AUTH_TOKEN=\"sk-unterminated",
                "PAID_KEY='closed' trailing",
                "TEST_MODEL=m");

        // The unterminated quote swallowed the rest of the file, TEST_MODEL included: nothing after it is guessed at.
        assertEquals(Map.of("PORT", "1", "HOST", "h"), file.values());
        List<ConfigProblem> problems = file.problems();
        assertEquals(List.of("test.env:2", "test.env:3", "test.env:5"),
                problems.stream().map(ConfigProblem::setting).toList());
        assertEquals("NAME=value, with a NAME of letters, digits and underscores", problems.get(0).expected());
        assertEquals("a closing \" quote", problems.get(2).expected());
    }

    @Test
    void reportsTextAfterAClosingQuote() {
        DotEnvFile file = parse("PAID_KEY='closed' trailing", "PORT=1");

        assertEquals(List.of(new ConfigProblem("test.env:1", "PAID_K...ling",
                "nothing but a # comment after the closing ' quote")), file.problems());
        assertEquals(Map.of("PORT", "1"), file.values());
    }

    @Test
    void masksTheContentOfAMalformedLine() {
        String pasted = "AIzaSyA1234567890abcdefghijklmnopqrstu";
        DotEnvFile file = parse(pasted);

        assertEquals("AIzaSy...rstu", file.problems().get(0).value());
        assertFalse(file.problems().get(0).toString().contains(pasted));
    }
}
