package io.runwarden.dashboard.it;

import io.smallrye.jwt.build.Jwt;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;

/**
 * Credentials made at test time, never stored in the repository: random static tokens and an RSA key pair whose
 * public half the app verifies JWTs with. Kept in system properties so the test resource and the tests (loaded
 * by different class loaders) see the same ones.
 */
public final class TestCredentials {

    public static final String ISSUER = "https://runwarden.test/issuer";
    private static final String PREFIX = "runwarden.test.";

    private TestCredentials() {
    }

    public static synchronized void ensure() {
        if (System.getProperty(PREFIX + "operator-token") != null) {
            return;
        }
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048);
            KeyPair pair = gen.generateKeyPair();
            Path dir = Files.createTempDirectory("runwarden-jwt");
            Path pub = dir.resolve("public.pem");
            Files.writeString(pub, "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n", StandardCharsets.US_ASCII);
            System.setProperty(PREFIX + "public-key", pub.toUri().toString());
            System.setProperty(PREFIX + "private-key",
                    Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
            System.setProperty(PREFIX + "operator-token", "op-" + UUID.randomUUID());
            System.setProperty(PREFIX + "viewer-token", "vw-" + UUID.randomUUID());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String operatorToken() {
        ensure();
        return System.getProperty(PREFIX + "operator-token");
    }

    public static String viewerToken() {
        ensure();
        return System.getProperty(PREFIX + "viewer-token");
    }

    public static String publicKeyLocation() {
        ensure();
        return System.getProperty(PREFIX + "public-key");
    }

    /** The static token list the app is configured with: ann is an operator, vic a viewer. */
    public static String staticTokens() {
        return operatorToken() + "=ann:operator," + viewerToken() + "=vic:viewer";
    }

    /** A JWT signed with the test key for the user with the roles (the {@code groups} claim). */
    public static String jwt(String user, String... roles) {
        ensure();
        try {
            byte[] der = Base64.getDecoder().decode(System.getProperty(PREFIX + "private-key"));
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
            return Jwt.issuer(ISSUER).upn(user).groups(Set.of(roles)).expiresIn(600).sign(key);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
