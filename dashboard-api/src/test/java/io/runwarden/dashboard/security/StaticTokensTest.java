package io.runwarden.dashboard.security;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StaticTokensTest {

    @Test
    void parsesUsersAndRoles() {
        StaticTokens tokens = StaticTokens.parse(" tok-aaaaaaaa=ann:operator|viewer , tok-bbbbbbbb=vic:viewer");
        assertEquals(new StaticTokens.Holder("ann", Set.of("operator", "viewer")),
                tokens.holder("tok-aaaaaaaa").orElseThrow());
        assertEquals(Set.of("viewer"), tokens.holder("tok-bbbbbbbb").orElseThrow().roles());
        assertFalse(tokens.holder("tok-cccccccc").isPresent());
        assertTrue(StaticTokens.parse("").isEmpty());
        assertTrue(StaticTokens.parse(null).isEmpty());
    }

    @Test
    void malformedEntriesAreErrorsThatNeverEchoTheToken() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StaticTokens.parse("tok-aaaaaaaa=ann:operator,secret-token-without-user"));
        assertTrue(e.getMessage().contains("entry 2"));
        assertFalse(e.getMessage().contains("secret"));
        assertThrows(IllegalArgumentException.class, () -> StaticTokens.parse("short=ann:operator"));
        assertThrows(IllegalArgumentException.class, () -> StaticTokens.parse("tok-aaaaaaaa=ann:"));
    }
}
