package fr.caducee.identity.psc;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import fr.caducee.testkit.MutableClock;
import fr.caducee.testkit.OidcProvider;

class PscTokenVerifierTest {
    private static final String IDNAT = OidcProvider.SAMPLE_IDNAT;

    private final OidcProvider provider = OidcProvider.start();

    @AfterEach
    void stopTheProvider() {
        provider.close();
    }

    @Test
    void aTokenOfTheProviderForAnAllowedSoftwareNamesTheProfessional() {
        TokenCheck check = verifier().verify(provider.mint(IDNAT));

        assertThat(check).isInstanceOfSatisfying(TokenCheck.Valid.class, valid -> {
            assertThat(valid.identity().idNat().value()).isEqualTo(IDNAT);
            assertThat(valid.identity().client()).isEqualTo(OidcProvider.CLIENT);
            assertThat(valid.identity().subject()).endsWith(":" + IDNAT);
        });
    }

    @Test
    void theIdNatIsReadFromTheConfiguredClaim() {
        PscTokenVerifier verifier = new PscTokenVerifier(settings(Duration.ofMinutes(5), false, "SubjectNameID"));
        String token = provider.token(IDNAT).claim("preferred_username", "someone-else").mint();

        assertThat(verifier.verify(token)).isInstanceOfSatisfying(TokenCheck.Valid.class,
            valid -> assertThat(valid.identity().idNat().value()).isEqualTo(IDNAT));
    }

    @Test
    void aTokenSignedEs256ByTheProviderIsTaken() {
        assertThat(verifier().verify(provider.token(IDNAT).es256().mint())).isInstanceOf(TokenCheck.Valid.class);
    }

    @Test
    void aTokenWhoseAudienceIsAnAllowedSoftwareIsTakenWhateverItsAuthorizedParty() {
        String token = provider.token(IDNAT).client("another-software").audience("account", OidcProvider.CLIENT).mint();

        assertThat(verifier().verify(token)).isInstanceOfSatisfying(TokenCheck.Valid.class,
            valid -> assertThat(valid.identity().client()).isEqualTo(OidcProvider.CLIENT));
    }

    @Test
    void aTokenIssuedToAnotherSoftwareIsRefusedForItsAudience() {
        String token = provider.token(IDNAT).client("another-software").mint();

        assertRefused(verifier().verify(token), TokenProblem.AUDIENCE, "issued to another-software");
    }

    @Test
    void anExpiredTokenIsRefusedAsExpired() {
        assertRefused(verifier().verify(provider.token(IDNAT).expired().mint()), TokenProblem.EXPIRED,
            "get a new one from Pro Sante Connect");
    }

    @Test
    void aTokenExpiredWithinTheClockSkewIsStillTaken() {
        MutableClock clock = new MutableClock(Instant.now());
        PscTokenVerifier verifier = new PscTokenVerifier(settings(Duration.ofMinutes(5), false,
            "preferred_username"), clock);
        String token = provider.token(IDNAT).lifetime(Duration.ofMinutes(1)).mint();

        clock.advance(Duration.ofSeconds(80));
        assertThat(verifier.verify(token)).isInstanceOf(TokenCheck.Valid.class);
        clock.advance(Duration.ofSeconds(20));
        assertRefused(verifier.verify(token), TokenProblem.EXPIRED, "expired at");
    }

    @Test
    void aTokenNotValidYetBeyondTheSkewIsRefusedAsExpired() {
        String token = provider.token(IDNAT).notBefore(Instant.now().plusSeconds(120)).mint();

        assertRefused(verifier().verify(token), TokenProblem.EXPIRED, "is not valid before");
    }

    @Test
    void aTokenWithoutExpiryIsNotAnAccessToken() {
        assertRefused(verifier().verify(provider.token(IDNAT).lifetime(null).mint()), TokenProblem.MALFORMED,
            "has no expiry");
    }

    @Test
    void aTokenSignedByAnotherKeyUnderTheProvidersKeyIdIsRefusedAsWronglySigned() {
        assertRefused(verifier().verify(provider.token(IDNAT).signedByAnotherKey().mint()), TokenProblem.SIGNATURE,
            "not signed by a key of the identity provider");
    }

    @Test
    void anUnsignedTokenIsRefusedAsMalformed() {
        assertRefused(verifier().verify(provider.token(IDNAT).unsigned().mint()), TokenProblem.MALFORMED,
            "not signed (alg none)");
    }

    @Test
    void anHmacSignedTokenIsRefusedWithoutAskingTheProvider() {
        assertRefused(verifier().verify(provider.token(IDNAT).hmac().mint()), TokenProblem.SIGNATURE,
            "signed with HS256");
        assertThat(provider.jwksFetches()).isZero();
    }

    @Test
    void aTokenOfTheProviderNamingAnotherIssuerIsRefusedAsWronglySigned() {
        String token = provider.token(IDNAT).issuer("https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet").mint();

        assertRefused(verifier().verify(token), TokenProblem.SIGNATURE, "was issued by https://auth.esw");
    }

    @Test
    void aTokenOfALowerLevelOrWithoutLevelIsRefusedForItsLevel() {
        assertRefused(verifier().verify(provider.token(IDNAT).acr("eidas0").mint()), TokenProblem.LEVEL,
            "is eidas0, eidas1 is required");
        assertRefused(verifier().verify(provider.token(IDNAT).acr(null).mint()), TokenProblem.LEVEL, "is missing");
    }

    @Test
    void anIdTokenOrARefreshTokenIsNotAnAccessToken() {
        assertRefused(verifier().verify(provider.token(IDNAT).claim("typ", "ID").mint()), TokenProblem.MALFORMED,
            "of type ID, not an access token");
    }

    @Test
    void aJwtOfAnotherKindThanAnAccessTokenIsMalformed() {
        assertRefused(verifier().verify(provider.token(IDNAT).headerType("secevent+jwt").mint()),
            TokenProblem.MALFORMED, "header says it is of type secevent+jwt");
        assertThat(verifier().verify(provider.token(IDNAT).headerType("at+jwt").mint()))
            .isInstanceOf(TokenCheck.Valid.class);
    }

    @Test
    void aTokenWhoseClaimIsNoNationalIdIsMalformed() {
        assertRefused(verifier().verify(provider.token(IDNAT).claim("preferred_username", "810000005478").mint()),
            TokenProblem.MALFORMED, "is not a national professional id");
        assertRefused(verifier().verify(provider.token(IDNAT).claim("preferred_username", null).mint()),
            TokenProblem.MALFORMED, "has no preferred_username claim");
        assertRefused(verifier().verify(provider.token(IDNAT).claim("preferred_username", List.of(IDNAT)).mint()),
            TokenProblem.MALFORMED, "has no preferred_username claim");
    }

    @Test
    void whatIsNotAJwtIsMalformed() {
        assertRefused(verifier().verify("not-a-token"), TokenProblem.MALFORMED, "is not a JWT");
        assertRefused(verifier().verify(""), TokenProblem.MALFORMED, "empty or too long");
        assertRefused(verifier().verify("x".repeat(PscTokenVerifier.MAX_TOKEN_LENGTH + 1)), TokenProblem.MALFORMED,
            "empty or too long");
    }

    @Test
    void theKeysAreFetchedOnceForManyTokens() {
        PscTokenVerifier verifier = verifier();
        for (int i = 0; i < 20; i++) {
            assertThat(verifier.verify(provider.mint(IDNAT))).isInstanceOf(TokenCheck.Valid.class);
        }
        assertThat(provider.jwksFetches()).isEqualTo(1);
    }

    @Test
    void aTokenSignedByANewKeyOfTheProviderFetchesTheKeysAtOnce() {
        PscTokenVerifier verifier = verifier();
        assertThat(verifier.verify(provider.mint(IDNAT))).isInstanceOf(TokenCheck.Valid.class);

        provider.rotateKey();

        assertThat(verifier.verify(provider.mint(IDNAT))).isInstanceOf(TokenCheck.Valid.class);
        assertThat(provider.jwksFetches()).isEqualTo(2);
    }

    @Test
    void tokensWithMadeUpKeyIdsDoNotMakeTheServerHammerTheProvider() {
        PscTokenVerifier verifier = verifier();
        for (int i = 0; i < 10; i++) {
            assertRefused(verifier.verify(provider.token(IDNAT).signedByUnknownKey().mint()), TokenProblem.SIGNATURE,
                "key");
        }
        // The first fetch, then at most two more in the rate limit's period.
        assertThat(provider.jwksFetches()).isLessThanOrEqualTo(3);
    }

    @Test
    void theKeysAreFetchedAgainOnceOlderThanTheirRefresh() throws InterruptedException {
        PscTokenVerifier verifier = new PscTokenVerifier(settings(Duration.ofSeconds(1), false, "preferred_username"));
        assertThat(verifier.verify(provider.mint(IDNAT))).isInstanceOf(TokenCheck.Valid.class);

        Thread.sleep(1_200);

        assertThat(verifier.verify(provider.mint(IDNAT))).isInstanceOf(TokenCheck.Valid.class);
        assertThat(provider.jwksFetches()).isEqualTo(2);
    }

    @Test
    void whileTheKeysAreKeptAProviderDownDoesNotStopLogins() {
        PscTokenVerifier verifier = verifier();
        assertThat(verifier.verify(provider.mint(IDNAT))).isInstanceOf(TokenCheck.Valid.class);

        provider.stop();

        assertThat(verifier.verify(provider.mint(IDNAT))).isInstanceOf(TokenCheck.Valid.class);
    }

    @Test
    void aProviderDownBeforeItsKeysWereFetchedDecidesNothing() {
        provider.stop();

        assertThat(verifier().verify(provider.mint(IDNAT))).isInstanceOf(TokenCheck.Unavailable.class);
    }

    @Test
    void aProviderDownWhenATokenComesWithANewKeyDecidesNothingHoweverOftenItIsTried() {
        PscTokenVerifier verifier = verifier();
        assertThat(verifier.verify(provider.mint(IDNAT))).isInstanceOf(TokenCheck.Valid.class);
        provider.stop();
        provider.rotateKey();

        for (int i = 0; i < 5; i++) {
            assertThat(verifier.verify(provider.mint(IDNAT))).isInstanceOf(TokenCheck.Unavailable.class);
        }

        // Back, the provider is asked again once the rate limit allows (30 s): until then nothing is decided, and a
        // good token is never refused for the outage.
        provider.restart();
        assertThat(verifier.verify(provider.mint(IDNAT))).isInstanceOf(TokenCheck.Unavailable.class);
    }

    @Test
    void aTokenTheIntrospectionSaysInactiveIsRefused() {
        PscTokenVerifier verifier = new PscTokenVerifier(settings(Duration.ofMinutes(5), true, "preferred_username"));

        assertThat(verifier.verify(provider.mint(IDNAT))).isInstanceOf(TokenCheck.Valid.class);
        assertRefused(verifier.verify(provider.token(IDNAT).revoked().mint()), TokenProblem.INACTIVE,
            "no longer active");
        String revokedLater = provider.mint(IDNAT);
        provider.revoke(revokedLater);
        assertRefused(verifier.verify(revokedLater), TokenProblem.INACTIVE, "no longer active");
        assertThat(provider.introspections()).isEqualTo(3);
    }

    @Test
    void theIntrospectionIsNotAskedAboutATokenAlreadyRefused() {
        PscTokenVerifier verifier = new PscTokenVerifier(settings(Duration.ofMinutes(5), true, "preferred_username"));

        assertRefused(verifier.verify(provider.token(IDNAT).expired().mint()), TokenProblem.EXPIRED, "expired");
        assertThat(provider.introspections()).isZero();
    }

    @Test
    void anIntrospectionThatRefusesThisServersCredentialsOrIsDownDecidesNothing() {
        PscSettings wrongCredentials = new PscSettings(provider.issuer(), provider.jwksUrl(), Set.of(OidcProvider.CLIENT),
            "eidas1", "preferred_username", Duration.ofMinutes(5), Duration.ofSeconds(30),
            Optional.of(provider.introspectionUrl()),
            Optional.of(PscSettings.ClientCredentials.parse("caducee-introspection:wrong")), trust());
        assertThat(new PscTokenVerifier(wrongCredentials).verify(provider.mint(IDNAT)))
            .isInstanceOf(TokenCheck.Unavailable.class);

        PscTokenVerifier verifier = new PscTokenVerifier(settings(Duration.ofMinutes(5), true, "preferred_username"));
        assertThat(verifier.verify(provider.mint(IDNAT))).isInstanceOf(TokenCheck.Valid.class);
        provider.stop();
        assertThat(verifier.verify(provider.mint(IDNAT))).isInstanceOf(TokenCheck.Unavailable.class);
    }

    @Test
    void everySentenceIsAsciiEndsWithItsRuleAndNeverShowsTheToken() {
        PscTokenVerifier verifier = verifier();
        for (String token : List.of(provider.token(IDNAT).client("logiciel-é").mint(),
                provider.token(IDNAT).acr("eidas0").mint(), provider.token(IDNAT).expired().mint(),
                provider.token(IDNAT).unsigned().mint(), provider.token(IDNAT).signedByAnotherKey().mint())) {
            assertThat(verifier.verify(token)).isInstanceOfSatisfying(TokenCheck.Refused.class, refused ->
                assertThat(refused.sentence()).matches("[\\x20-\\x7E]+")
                    .endsWith("(" + refused.problem().rule().id() + ")")
                    .doesNotContain(token).doesNotContain(token.substring(0, token.indexOf('.'))));
        }
    }

    private PscTokenVerifier verifier() {
        return new PscTokenVerifier(settings(Duration.ofMinutes(5), false, "preferred_username"));
    }

    private PscSettings settings(Duration refresh, boolean introspection, String claim) {
        return new PscSettings(provider.issuer(), provider.jwksUrl(), Set.of(OidcProvider.CLIENT, "another-client"),
            "eidas1", claim, refresh, Duration.ofSeconds(30),
            introspection ? Optional.of(provider.introspectionUrl()) : Optional.empty(),
            introspection ? Optional.of(PscSettings.ClientCredentials.parse(OidcProvider.INTROSPECTION_LOGIN))
                : Optional.empty(), trust());
    }

    static SSLContext trust() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertRefused(TokenCheck check, TokenProblem problem, String sentence) {
        assertThat(check).isInstanceOfSatisfying(TokenCheck.Refused.class, refused -> {
            assertThat(refused.problem()).isEqualTo(problem);
            assertThat(refused.sentence()).contains(sentence).endsWith("(" + problem.rule().id() + ")");
        });
    }
}
