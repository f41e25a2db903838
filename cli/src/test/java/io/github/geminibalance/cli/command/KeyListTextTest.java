package io.github.geminibalance.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyListTextTest {

    private static final String A = "AIzaSy" + "A".repeat(30) + "_-0";
    private static final String B = "AIzaSy" + "B".repeat(30) + "-_1";

    @Test
    void oneKeyPerLineKeepsKeysOfAnyShape() {
        assertEquals(List.of("relay-key-1", A, "relay.key.2"),
                KeyListText.keys("# my keys\nrelay-key-1\n\n  " + A + "  \nrelay.key.2\nrelay-key-1\n"));
    }

    @Test
    void pastedTextYieldsTheGoogleKeysInOrderEachOnce() {
        assertEquals(List.of(B, A), KeyListText.keys("API_KEYS=[\"" + B + "\",\"" + A + "\"]\nagain: " + B));
    }

    @Test
    void aLongerTokenIsNoKey() {
        assertEquals(List.of(), KeyListText.keys("x " + A + "X and " + A.substring(1)));
    }
}
