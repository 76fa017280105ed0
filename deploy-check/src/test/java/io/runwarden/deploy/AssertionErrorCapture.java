package io.runwarden.deploy;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.function.Executable;

/** Checks that a check itself fails with a useful message (so the checks can fail at all). */
final class AssertionErrorCapture {

    private AssertionErrorCapture() {
    }

    static void assertFailsWith(Executable check, String expectedInMessage) {
        AssertionError error = assertThrows(AssertionError.class, check);
        assertTrue(String.valueOf(error.getMessage()).contains(expectedInMessage),
                "message should mention '" + expectedInMessage + "': " + error.getMessage());
    }
}
