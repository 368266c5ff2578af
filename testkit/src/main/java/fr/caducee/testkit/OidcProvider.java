package fr.caducee.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local OpenID Connect provider shaped like Pro Santé Connect (a Keycloak realm {@code esante-wallet}), for tests:
 * plain HTTP on loopback, serving its signing keys at {@code <issuer>/protocol/openid-connect/certs} (counted), the
 * token introspection (RFC 7662, client credentials {@link #INTROSPECTION_LOGIN} in HTTP Basic) at
 * {@code <issuer>/protocol/openid-connect/token/introspect}, and its discovery document. It mints access tokens
 * signed RS256 carrying PSC's claims as its userinfo sample shows them (ANS's {@code prosanteconnect/generate-VIHF}:
 * {@code preferred_username} and {@code SubjectNameID} = idNat, {@code SubjectRefPro} with one practice),
 * {@code acr=eidas1}, {@code azp} the practice software; {@link #token} builds bad ones too (expired, signed by another
 * key, unsigned, HMAC, wrong audience, lower level, revoked). {@link #stop} and {@link #restart} simulate the
 * provider going down and coming back on the same port.
 */
public final class OidcProvider implements AutoCloseable {
    public static final String REALM_PATH = "/auth/realms/esante-wallet";
    public static final String JWKS_PATH = "/protocol/openid-connect/certs";
    public static final String INTROSPECTION_PATH = "/protocol/openid-connect/token/introspect";
    /** The practice software the tokens are issued to by default ({@code azp}). */
    public static final String CLIENT = "lps-caducee-test";
    public static final String ACR = "eidas1";
    /** This server's credentials at the introspection endpoint, {@code client-id:secret}. */
    public static final String INTROSPECTION_LOGIN = "caducee-introspection:introspection-secret-for-tests";
    /** The professional of ANS's userinfo sample (RPPS 99700366240). */
    public static final String SAMPLE_IDNAT = "899700366240";
    public static final Duration LIFETIME = Duration.ofMinutes(5);

    private final Clock clock;
    private final List<JWK> keys = new CopyOnWriteArrayList<>();
    private final ECKey ecKey;
    private final Set<String> revoked = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final AtomicInteger jwksFetches = new AtomicInteger();
    private final AtomicInteger introspections = new AtomicInteger();
    private volatile RSAKey signingKey;
    private volatile int port;
    private volatile HttpServer server;
    private volatile ExecutorService executor;

    private OidcProvider(Clock clock) {
        this.clock = clock;
        this.signingKey = rsaKey();
        this.ecKey = ecKey();
        keys.add(signingKey);
        keys.add(ecKey);
    }

    /** A provider on a free loopback port, its clock the system's. */
    public static OidcProvider start() {
        return start(Clock.systemUTC());
    }

    /** A provider minting tokens at the times of {@code clock}. */
    public static OidcProvider start(Clock clock) {
        OidcProvider provider = new OidcProvider(clock);
        provider.listen(0);
        return provider;
    }

    /** {@code http://127.0.0.1:<port>/auth/realms/esante-wallet}, the tokens' {@code iss}. */
    public String issuer() {
        return "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + port + REALM_PATH;
    }

    public URI jwksUrl() {
        return URI.create(issuer() + JWKS_PATH);
    }

    public URI introspectionUrl() {
        return URI.create(issuer() + INTROSPECTION_PATH);
    }

    /** How many times its keys were fetched. */
    public int jwksFetches() {
        return jwksFetches.get();
    }

    /** How many introspection requests it answered (whatever the answer). */
    public int introspections() {
        return introspections.get();
    }

    /** A token for this professional, built then {@link TokenBuilder#mint}ed. */
    public TokenBuilder token(String idNat) {
        return new TokenBuilder(idNat);
    }

    /** A token for this professional with every default: valid for {@link #LIFETIME}. */
    public String mint(String idNat) {
        return token(idNat).mint();
    }

    /** A new RSA signing key with a new key id, published beside the old ones; the next tokens are signed with it. */
    public void rotateKey() {
        RSAKey next = rsaKey();
        keys.add(next);
        signingKey = next;
    }

    /** The introspection says this token is no longer active from now on. */
    public void revoke(String token) {
        try {
            revoked.add(SignedJWT.parse(token).getJWTClaimsSet().getJWTID());
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a token of this provider", e);
        }
    }

    /** Stops answering (connections refused), as a provider down; tokens can still be minted. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    /** Answers again, on the same port. */
    public synchronized void restart() {
        if (server == null) {
            listen(port);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private synchronized void listen(int wantedPort) {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), wantedPort), 50);
            http.createContext(REALM_PATH + JWKS_PATH, this::keys);
            http.createContext(REALM_PATH + INTROSPECTION_PATH, this::introspect);
            http.createContext(REALM_PATH + "/.well-known/openid-configuration", this::discovery);
            executor = Executors.newFixedThreadPool(4);
            http.setExecutor(executor);
            http.start();
            server = http;
            port = http.getAddress().getPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on loopback port " + wantedPort, e);
        }
    }

    private void keys(HttpExchange exchange) throws IOException {
        jwksFetches.incrementAndGet();
        answer(exchange, 200, new JWKSet(keys).toPublicJWKSet().toString());
    }

    private void discovery(HttpExchange exchange) throws IOException {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", issuer());
        document.put("jwks_uri", jwksUrl().toString());
        document.put("introspection_endpoint", introspectionUrl().toString());
        document.put("acr_values_supported", List.of(ACR));
        document.put("id_token_signing_alg_values_supported", List.of("RS256", "ES256"));
        answer(exchange, 200, JSONObjectUtils.toJSONString(document));
    }

    private void introspect(HttpExchange exchange) throws IOException {
        introspections.incrementAndGet();
        String expected = "Basic " + Base64.getEncoder().encodeToString(
            INTROSPECTION_LOGIN.getBytes(StandardCharsets.UTF_8));
        if (!"POST".equals(exchange.getRequestMethod())) {
            answer(exchange, 405, "{\"error\":\"invalid_request\"}");
            return;
        }
        if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            answer(exchange, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        String token = "";
        try (InputStream body = exchange.getRequestBody()) {
            for (String field : new String(body.readAllBytes(), StandardCharsets.UTF_8).split("&")) {
                if (field.startsWith("token=")) {
                    token = URLDecoder.decode(field.substring(6), StandardCharsets.UTF_8);
                }
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        JWTClaimsSet claims = activeClaims(token);
        answer.put("active", claims != null);
        if (claims != null) {
            answer.put("client_id", claims.getClaim("azp"));
            answer.put("username", claims.getClaim("preferred_username"));
            answer.put("sub", claims.getSubject());
            answer.put("exp", claims.getExpirationTime().getTime() / 1000);
        }
        answer(exchange, 200, JSONObjectUtils.toJSONString(answer));
    }

    /** The claims of a token this provider signed, that has not expired nor been revoked; null otherwise. */
    private JWTClaimsSet activeClaims(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            JWK key = keys.stream().filter(candidate -> candidate.getKeyID().equals(jwt.getHeader().getKeyID()))
                .findFirst().orElse(null);
            boolean verified = key instanceof RSAKey rsa ? jwt.verify(new RSASSAVerifier(rsa))
                : key instanceof ECKey ec && jwt.verify(new ECDSAVerifier(ec));
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            if (!verified || claims.getExpirationTime() == null
                    || claims.getExpirationTime().toInstant().isBefore(clock.instant())
                    || revoked.contains(claims.getJWTID())) {
                return null;
            }
            return claims;
        } catch (ParseException | JOSEException e) {
            return null;
        }
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static RSAKey rsaKey() {
        try {
            return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.RS256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ECKey ecKey() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.ES256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How a token is signed. */
    private enum Signature { PROVIDER_RSA, PROVIDER_EC, ANOTHER_KEY, UNKNOWN_KEY, NONE, HMAC }

    /** One token, with PSC's claims; each method changes one thing, {@link #mint} makes it. */
    public final class TokenBuilder {
        private final Map<String, Object> claims = new LinkedHashMap<>();
        private Instant issuedAt = clock.instant();
        private Duration lifetime = LIFETIME;
        private Signature signature = Signature.PROVIDER_RSA;
        private boolean revokedToken;
        private JOSEObjectType headerType = JOSEObjectType.JWT;

        private TokenBuilder(String idNat) {
            claims.put("iss", OidcProvider.this.issuer());
            claims.put("sub", "f:550dc1c8-d97b-4b1e-ac8c-8eb4471cf9dd:" + idNat);
            claims.put("aud", "account");
            claims.put("azp", CLIENT);
            claims.put("typ", "Bearer");
            claims.put("acr", ACR);
            claims.put("scope", "openid scope_all");
            claims.put("preferred_username", idNat);
            claims.put("SubjectNameID", idNat);
            claims.put("given_name", "KIT");
            claims.put("family_name", "DOC0036624");
            claims.put("SubjectOrganization", "HOPITAL GENERIQUE  FIN VARI");
            claims.put("SubjectRole", List.of("10^1.2.250.1.213.1.1.5.5"));
            claims.put("Secteur_Activite", "SA01^1.2.250.1.71.4.2.4");
            claims.put("otherIds", List.of(Map.of("identifiant", idNat, "origine", "RPPS", "qualite", 1)));
            claims.put("SubjectRefPro", subjectRefPro());
        }

        /** The software the token is issued to ({@code azp}). */
        public TokenBuilder client(String azp) {
            claims.put("azp", azp);
            return this;
        }

        /** The token's audiences ({@code aud}); none removes the claim. */
        public TokenBuilder audience(String... audiences) {
            if (audiences.length == 0) {
                claims.remove("aud");
            } else {
                claims.put("aud", audiences.length == 1 ? audiences[0] : List.of(audiences));
            }
            return this;
        }

        public TokenBuilder acr(String acr) {
            return claim("acr", acr);
        }

        public TokenBuilder issuer(String issuer) {
            return claim("iss", issuer);
        }

        /** Any claim; a null value removes it. */
        public TokenBuilder claim(String name, Object value) {
            if (value == null) {
                claims.remove(name);
            } else {
                claims.put(name, value);
            }
            return this;
        }

        /** Issued at {@code at} (and valid from then), living {@link #LIFETIME}. */
        public TokenBuilder issuedAt(Instant at) {
            this.issuedAt = at;
            return this;
        }

        /** How long the token lives from its issue; null: it has no {@code exp}. */
        public TokenBuilder lifetime(Duration duration) {
            this.lifetime = duration;
            return this;
        }

        /** Expired ten minutes ago. */
        public TokenBuilder expired() {
            return issuedAt(clock.instant().minus(LIFETIME).minus(Duration.ofMinutes(10)));
        }

        /** Valid only from {@code at} ({@code nbf}). */
        public TokenBuilder notBefore(Instant at) {
            return claim("nbf", at.getEpochSecond());
        }

        /** Signed ES256 with the provider's EC key. */
        public TokenBuilder es256() {
            signature = Signature.PROVIDER_EC;
            return this;
        }

        /** Signed RS256 by a key the provider does not hold, under the key id of the provider's key (a forgery). */
        public TokenBuilder signedByAnotherKey() {
            signature = Signature.ANOTHER_KEY;
            return this;
        }

        /** Signed RS256 by a key the provider does not hold, under a key id it never published. */
        public TokenBuilder signedByUnknownKey() {
            signature = Signature.UNKNOWN_KEY;
            return this;
        }

        /** Not signed at all: {@code alg: none}. */
        public TokenBuilder unsigned() {
            signature = Signature.NONE;
            return this;
        }

        /** Signed HS256 with a shared secret (which a server must never take for a provider's signature). */
        public TokenBuilder hmac() {
            signature = Signature.HMAC;
            return this;
        }

        /** The JOSE header's {@code typ} ({@code JWT} by default, as Keycloak writes it). */
        public TokenBuilder headerType(String type) {
            headerType = new JOSEObjectType(type);
            return this;
        }

        /** Revoked at the provider: its introspection says it is not active. */
        public TokenBuilder revoked() {
            revokedToken = true;
            return this;
        }

        public String mint() {
            String jti = UUID.randomUUID().toString();
            JWTClaimsSet.Builder set = new JWTClaimsSet.Builder()
                .jwtID(jti)
                .issueTime(Date.from(issuedAt))
                .expirationTime(lifetime == null ? null : Date.from(issuedAt.plus(lifetime)))
                .claim("auth_time", issuedAt.getEpochSecond());
            claims.forEach((name, value) -> set.claim(name, name.equals("nbf") ? new Date(1000 * (Long) value) : value));
            JWTClaimsSet built = set.build();
            if (revokedToken) {
                revoked.add(jti);
            }
            try {
                return switch (signature) {
                    case NONE -> new PlainJWT(built).serialize();
                    case HMAC -> signed(JWSAlgorithm.HS256, null, built, new MACSigner(randomBytes(32)));
                    case PROVIDER_EC -> signed(JWSAlgorithm.ES256, ecKey.getKeyID(), built, new ECDSASigner(ecKey));
                    case ANOTHER_KEY -> signed(JWSAlgorithm.RS256, signingKey.getKeyID(), built,
                        new RSASSASigner(rsaKey()));
                    case UNKNOWN_KEY -> signed(JWSAlgorithm.RS256, UUID.randomUUID().toString(), built,
                        new RSASSASigner(rsaKey()));
                    case PROVIDER_RSA -> signed(JWSAlgorithm.RS256, signingKey.getKeyID(), built,
                        new RSASSASigner(signingKey));
                };
            } catch (JOSEException e) {
                throw new IllegalStateException("cannot sign the test token", e);
            }
        }

        private String signed(JWSAlgorithm algorithm, String keyId, JWTClaimsSet set, com.nimbusds.jose.JWSSigner signer)
                throws JOSEException {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(keyId).type(headerType).build(), set);
            jwt.sign(signer);
            return jwt.serialize();
        }

        /** One practice (exercice) of the userinfo sample, at the sample's hospital (FINESS 0B0172805). */
        private Map<String, Object> subjectRefPro() {
            Map<String, Object> activity = new LinkedHashMap<>();
            activity.put("codeModeExercice", "S");
            activity.put("codeSecteurDactivite", "SA01");
            activity.put("codeSectionPharmacien", "");
            activity.put("codeRole", "");
            activity.put("numeroSiretSite", "");
            activity.put("numeroSirenSite", "");
            activity.put("numeroFinessSite", "0B0172805");
            activity.put("numeroFinessetablissementJuridique", "1B0062023");
            activity.put("identifiantTechniqueDeLaStructure", "F0B0172805");
            activity.put("raisonSocialeSite", "HOPITAL GENERIQUE  FIN VARI");
            activity.put("numeroVoie", "10");
            activity.put("codeTypeDeVoie", "R");
            activity.put("libelleVoie", "DE PARIS");
            activity.put("bureauCedex", "PARIS");
            activity.put("codePostal", "75009");
            activity.put("ancienIdentifiantDeLaStructure", "10B0172805");
            activity.put("autoriteDenregistrement", "CNOM/CNOM/ARS");
            Map<String, Object> practice = new LinkedHashMap<>();
            practice.put("codeProfession", "10");
            practice.put("codeCategorieProfessionnelle", "C");
            practice.put("codeCiviliteDexercice", "DR");
            practice.put("nomDexercice", "DOC0036624");
            practice.put("prenomDexercice", "KIT");
            practice.put("codeTypeSavoirFaire", "S");
            practice.put("codeSavoirFaire", "SM26");
            practice.put("activities", new ArrayList<>(List.of(activity)));
            Map<String, Object> subjectRefPro = new LinkedHashMap<>();
            subjectRefPro.put("codeCivilite", "M");
            subjectRefPro.put("exercices", new ArrayList<>(List.of(practice)));
            return subjectRefPro;
        }
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
