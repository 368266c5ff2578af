package fr.caducee.identity.psc;

import java.io.IOException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.InvalidIdentifierException;
import fr.caducee.identity.Sentence;

/**
 * Checks a Pro Santé Connect access token: a JWS signed RS256 or ES256 (alg none and HMAC refused) by a key of the
 * provider's JWKS ({@link ProviderKeys}), from the configured issuer, within its dates give or take the clock skew,
 * issued to an allowed client ({@code aud} or {@code azp}), at the required level ({@code acr}), an access token
 * (a {@code typ} claim, when present, is {@code Bearer}: not an ID or refresh token), naming a valid idNat in the
 * configured claim; then, when configured, still active at the provider's introspection. Each refusal is one
 * {@link TokenProblem}; a provider out of reach is {@link TokenCheck.Unavailable}. The token itself is never logged
 * nor shown.
 */
public final class PscTokenVerifier {
    private static final Logger LOGGER = LoggerFactory.getLogger(PscTokenVerifier.class);
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    /** Keycloak's access tokens say {@code JWT}; RFC 9068's say {@code at+jwt}; many say nothing. */
    private static final Set<JOSEObjectType> HEADER_TYPES = Set.of(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"));
    /** PSC's tokens carry the professional's practice (SubjectRefPro) and are a few kilobytes: far less than this. */
    static final int MAX_TOKEN_LENGTH = 64 * 1024;
    private static final String ACCESS_TOKEN_TYPE = "Bearer";
    private static final String AGAIN = ": log in again through Pro Sante Connect";

    private final PscSettings settings;
    private final ProviderKeys keys;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final Optional<Introspection> introspection;
    private final Clock clock;

    public PscTokenVerifier(PscSettings settings) {
        this(settings, Clock.systemUTC());
    }

    public PscTokenVerifier(PscSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.keys = new ProviderKeys(settings);
        // The header's type is checked below, with its own reason.
        processor.setJWSTypeVerifier((type, context) -> { });
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys.source()));
        // The claims are checked below, each with its own reason, against this verifier's clock.
        processor.setJWTClaimsSetVerifier((claims, context) -> { });
        this.introspection = settings.introspectionUrl().map(url -> new Introspection(url,
            settings.introspectionCredentials().orElseThrow(), settings.trust(), ProviderKeys.TIMEOUT));
    }

    public PscSettings settings() {
        return settings;
    }

    public TokenCheck verify(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return TokenCheck.Refused.of(TokenProblem.MALFORMED, "The token is empty or too long to be an access "
                + "token" + AGAIN);
        }
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException e) {
            return TokenCheck.Refused.of(TokenProblem.MALFORMED, "The token is not a JWT" + AGAIN);
        }
        if (!(jwt instanceof SignedJWT signed)) {
            return TokenCheck.Refused.of(TokenProblem.MALFORMED, "The token is not signed (alg none) or is encrypted: "
                + "only a signed access token opens a box");
        }
        JWSAlgorithm algorithm = signed.getHeader().getAlgorithm();
        if (!ALGORITHMS.contains(algorithm)) {
            return TokenCheck.Refused.of(TokenProblem.SIGNATURE, "The token is signed with "
                + Sentence.shown(algorithm.getName()) + ": only the provider's RS256 or ES256 signatures are taken");
        }
        JOSEObjectType type = signed.getHeader().getType();
        if (type != null && !HEADER_TYPES.contains(type)) {
            return TokenCheck.Refused.of(TokenProblem.MALFORMED, "The token's header says it is of type "
                + Sentence.shown(type.getType()) + ", not an access token (JWT)" + AGAIN);
        }
        try {
            signed.getJWTClaimsSet();
        } catch (ParseException e) {
            return TokenCheck.Refused.of(TokenProblem.MALFORMED, "The token's claims are not a JSON object" + AGAIN);
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(signed, null);
        } catch (BadJOSEException e) {
            return TokenCheck.Refused.of(TokenProblem.SIGNATURE, "The token is not signed by a key of the identity "
                + "provider " + Sentence.shown(settings.issuer()) + AGAIN);
        } catch (RateLimitReachedException e) {
            return keys.lastFetchFailed() ? unreachable("its keys: " + e.getMessage())
                : TokenCheck.Refused.of(TokenProblem.SIGNATURE, "The token is signed by a key the identity provider "
                    + "does not publish" + AGAIN);
        } catch (KeySourceException e) {
            return unreachable("its keys at " + settings.jwksUrl() + ": " + e.getMessage());
        } catch (JOSEException e) {
            return TokenCheck.Refused.of(TokenProblem.SIGNATURE, "The token's signature cannot be checked" + AGAIN);
        }
        return checkClaims(claims).orElseGet(() -> introspected(token, identity(claims)));
    }

    /** The first claim that is not as it must be, as a refusal; empty when all are. */
    private Optional<TokenCheck> checkClaims(JWTClaimsSet claims) {
        if (!settings.issuer().equals(claims.getIssuer())) {
            return refused(TokenProblem.SIGNATURE, "The token was issued by " + Sentence.shown(claims.getIssuer())
                + ", not by " + Sentence.shown(settings.issuer()) + AGAIN);
        }
        Instant now = clock.instant();
        Duration skew = settings.clockSkew();
        Date expiry = claims.getExpirationTime();
        if (expiry == null) {
            return refused(TokenProblem.MALFORMED, "The token has no expiry (exp): it is not an access token");
        }
        if (expiry.toInstant().plus(skew).isBefore(now)) {
            return refused(TokenProblem.EXPIRED, "The token expired at " + expiry.toInstant()
                + ": get a new one from Pro Sante Connect and log in again");
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && notBefore.toInstant().minus(skew).isAfter(now)) {
            return refused(TokenProblem.EXPIRED, "The token is not valid before " + notBefore.toInstant()
                + ": check this computer's clock");
        }
        Object type;
        String azp;
        Object acr;
        try {
            type = claims.getClaim("typ");
            azp = claims.getStringClaim("azp");
            acr = claims.getClaim("acr");
        } catch (ParseException e) {
            return refused(TokenProblem.MALFORMED, "The token's authorized party (azp) is not a text" + AGAIN);
        }
        if (type != null && !ACCESS_TOKEN_TYPE.equalsIgnoreCase(String.valueOf(type))) {
            return refused(TokenProblem.MALFORMED, "The token is of type " + Sentence.shown(String.valueOf(type))
                + ", not an access token (Bearer)" + AGAIN);
        }
        if (client(claims.getAudience(), azp).isEmpty()) {
            String issuedTo = azp != null ? azp : String.join(",", claims.getAudience());
            return refused(TokenProblem.AUDIENCE, "The token was issued to " + (issuedTo.isEmpty() ? "no client"
                : Sentence.shown(issuedTo)) + ", not to a practice software this server takes: log in from an "
                + "allowed software");
        }
        if (!settings.acr().equals(acr)) {
            return refused(TokenProblem.LEVEL, "The token's authentication level (acr) is "
                + (acr == null ? "missing" : Sentence.shown(String.valueOf(acr))) + ", " + settings.acr()
                + " is required: log in with your e-CPS card or app");
        }
        Object idNat = claims.getClaim(settings.claim());
        if (!(idNat instanceof String text)) {
            return refused(TokenProblem.MALFORMED, "The token has no " + Sentence.shown(settings.claim())
                + " claim naming the professional (idNat)" + AGAIN);
        }
        try {
            IdNat.parse(text);
        } catch (InvalidIdentifierException e) {
            return refused(TokenProblem.MALFORMED, "The token's " + Sentence.shown(settings.claim()) + " claim is "
                + "not a national professional id (idNat): " + Sentence.shown(e.getMessage()));
        }
        return Optional.empty();
    }

    /** The allowed client the token was issued to: its {@code azp}, else one of its audiences. */
    private Optional<String> client(List<String> audience, String azp) {
        if (azp != null && settings.clients().contains(azp)) {
            return Optional.of(azp);
        }
        return audience.stream().filter(settings.clients()::contains).findFirst();
    }

    private PscIdentity identity(JWTClaimsSet claims) {
        String azp = (String) claims.getClaim("azp");
        return new PscIdentity(IdNat.parse((String) claims.getClaim(settings.claim())), claims.getSubject(),
            client(claims.getAudience(), azp).orElseThrow(), claims.getExpirationTime().toInstant());
    }

    private TokenCheck introspected(String token, PscIdentity identity) {
        if (introspection.isEmpty()) {
            return new TokenCheck.Valid(identity);
        }
        try {
            return introspection.get().active(token) ? new TokenCheck.Valid(identity)
                : TokenCheck.Refused.of(TokenProblem.INACTIVE, "The identity provider says this token is no longer "
                    + "active (revoked, or its session ended)" + AGAIN);
        } catch (IOException e) {
            return unreachable("its introspection: " + e.getMessage());
        }
    }

    private TokenCheck unreachable(String what) {
        LOGGER.warn("Pro Sante Connect token not checked, the identity provider {} could not be reached for {}",
            settings.issuer(), what);
        return new TokenCheck.Unavailable("the identity provider could not be reached");
    }

    private static Optional<TokenCheck> refused(TokenProblem problem, String text) {
        return Optional.of(TokenCheck.Refused.of(problem, text));
    }
}
