package fr.caducee.identity.login;

import static fr.caducee.identity.login.LoginDirectory.APP;
import static fr.caducee.identity.login.LoginDirectory.CARDIOLOGY;
import static fr.caducee.identity.login.LoginDirectory.DURAND;
import static fr.caducee.identity.login.LoginDirectory.DURAND_HOSPITAL;
import static fr.caducee.identity.login.LoginDirectory.DURAND_PASSWORD;
import static fr.caducee.identity.login.LoginDirectory.DURAND_PRACTICE;
import static fr.caducee.identity.login.LoginDirectory.PHARMACY;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.AuditTrail;
import fr.caducee.audit.AuditUnavailableException;
import fr.caducee.audit.Decision;
import fr.caducee.identity.psc.PscSettings;
import fr.caducee.identity.psc.PscTokenVerifier;
import fr.caducee.rules.Rule;
import fr.caducee.rules.transport.SaslLogins.LoggedIn;
import fr.caducee.rules.transport.SaslLogins.LoginContext;
import fr.caducee.rules.transport.SaslLogins.LoginOutcome;
import fr.caducee.rules.transport.SaslLogins.Refused;
import fr.caducee.rules.transport.SaslLogins.Unavailable;
import fr.caducee.testkit.OidcProvider;
import fr.caducee.trust.certificate.CertificateValidator;
import fr.caducee.trust.pki.CertificateAuthority;
import fr.caducee.trust.pki.IssuedCertificate;
import fr.caducee.trust.pki.LeafRequest;
import fr.caducee.trust.pki.Pem;
import fr.caducee.trust.revocation.RevocationLists;

class SectorLoginsTest {
    private static final LoginContext IMAP = new LoginContext("imap", "imap-7", "192.0.2.10");
    private static final LoginContext SUBMISSION = new LoginContext("submission", "smtp-3", "192.0.2.11");
    private static final Instant NOW = Instant.now();
    private static final CertificateAuthority ROOT = CertificateAuthority.createRoot("identity test root",
        NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)));
    private static final IssuedCertificate SOFTWARE = ROOT.issue(LeafRequest.builder(APP).serverAuth(false)
        .clientAuth(true).build());

    @TempDir
    Path folder;
    private final OidcProvider provider = OidcProvider.start();
    private final LoginDirectory boxes = new LoginDirectory();
    private final Trail trail = new Trail();

    @AfterEach
    void stopTheProvider() {
        provider.close();
    }

    @Test
    void tokensAreOfferedWhenAnIssuerIsConfiguredAndExternalWhenACertificateWasShown() {
        assertThat(logins().mechanisms(false)).containsExactly("OAUTHBEARER", "XOAUTH2");
        assertThat(logins().mechanisms(true)).containsExactly("OAUTHBEARER", "XOAUTH2", "EXTERNAL");
        SectorLogins withoutTokens = new SectorLogins(Optional.empty(), new BoxChoice(boxes.directory()),
            certificates(), new DelegatedLogin(boxes.directory()), trail);
        assertThat(withoutTokens.mechanisms(false)).isEmpty();
        assertThat(withoutTokens.mechanisms(true)).containsExactly("EXTERNAL");
    }

    @Test
    void anOauthBearerTokenOpensThePreferredPerBoxAndIsAuditedAsAPscLogin() {
        LoginOutcome outcome = logins().bearer("OAUTHBEARER", oauthBearer("", provider.mint(DURAND.value())), IMAP);

        assertThat(outcome).isEqualTo(new LoggedIn(DURAND_PRACTICE, DURAND.value()));
        assertThat(trail.records).singleElement().satisfies(record -> {
            assertThat(record.decision()).isEqualTo(Decision.LOGGED_IN);
            assertThat(record.rule()).isEqualTo(Rule.PSC_LOGIN.id());
            assertThat(record.via()).isEqualTo("psc");
            assertThat(record.login()).isEqualTo(DURAND_PRACTICE);
            assertThat(record.reason()).startsWith("imap OAUTHBEARER: professional 810000005479 with a Pro Sante "
                + "Connect token issued to " + OidcProvider.CLIENT + " opened " + DURAND_PRACTICE);
            assertThat(record.session()).isEqualTo("imap-7");
            assertThat(record.remote()).isEqualTo("192.0.2.10");
        });
    }

    @Test
    void anXoauth2TokenNamingAnOrgBoxOfWhichTheProfessionalIsAMemberOpensIt() {
        LoginOutcome outcome = logins().bearer("XOAUTH2", xoauth2(CARDIOLOGY, provider.mint(DURAND.value())),
            SUBMISSION);

        assertThat(outcome).isEqualTo(new LoggedIn(CARDIOLOGY, DURAND.value()));
        assertThat(trail.records).singleElement().satisfies(record -> {
            assertThat(record.reason()).startsWith("submission XOAUTH2: professional 810000005479");
            assertThat(record.login()).isEqualTo(CARDIOLOGY);
        });
    }

    @Test
    void aTokenNamingABoxTheProfessionalMayNotOpenIsRefusedAndAudited() {
        LoginOutcome outcome = logins().bearer("OAUTHBEARER", oauthBearer(PHARMACY, provider.mint(DURAND.value())),
            IMAP);

        assertThat(outcome).isInstanceOfSatisfying(Refused.class, refused -> {
            assertThat(refused.rule()).isEqualTo(Rule.LOGIN_NO_BOX);
            assertThat(refused.sentence()).endsWith("(login-no-box)");
        });
        assertThat(trail.records).singleElement().satisfies(record -> {
            assertThat(record.decision()).isEqualTo(Decision.REFUSED);
            assertThat(record.rule()).isEqualTo("login-no-box");
            assertThat(record.via()).isEqualTo("psc");
            assertThat(record.login()).isEqualTo(PHARMACY);
            assertThat(record.reason()).startsWith("imap OAUTHBEARER: professional 810000005479: ");
        });
    }

    @Test
    void eachBadTokenIsRefusedUnderItsRuleAndTheTrailNeverHoldsTheToken() {
        SectorLogins logins = logins();
        List<String> tokens = List.of(provider.token(DURAND.value()).expired().mint(),
            provider.token(DURAND.value()).signedByAnotherKey().mint(), provider.token(DURAND.value()).unsigned().mint(),
            provider.token(DURAND.value()).client("other-software").mint(),
            provider.token(DURAND.value()).acr("eidas0").mint());
        List<Rule> rules = List.of(Rule.PSC_TOKEN_EXPIRED, Rule.PSC_TOKEN_SIGNATURE, Rule.PSC_TOKEN_MALFORMED,
            Rule.PSC_TOKEN_AUDIENCE, Rule.PSC_TOKEN_LEVEL);

        for (int i = 0; i < tokens.size(); i++) {
            Rule rule = rules.get(i);
            assertThat(logins.bearer("OAUTHBEARER", oauthBearer("", tokens.get(i)), IMAP))
                .isInstanceOfSatisfying(Refused.class, refused -> assertThat(refused.rule()).isEqualTo(rule));
        }

        assertThat(trail.records).extracting(AuditRecord::rule).containsExactlyElementsOf(rules.stream().map(Rule::id)
            .toList());
        for (String token : tokens) {
            assertThat(trail.records).allSatisfy(record -> assertThat(record.reason()).doesNotContain(token)
                .doesNotContain(token.substring(token.indexOf('.') + 1, token.lastIndexOf('.'))));
        }
    }

    @Test
    void aResponseThatIsNotOauthBearerIsRefusedAsMalformed() {
        LoginOutcome outcome = logins().bearer("OAUTHBEARER", Base64.getEncoder().encodeToString(
            ("auth=Bearer " + provider.mint(DURAND.value())).getBytes(StandardCharsets.UTF_8)), IMAP);

        assertThat(outcome).isInstanceOfSatisfying(Refused.class, refused -> {
            assertThat(refused.rule()).isEqualTo(Rule.PSC_TOKEN_MALFORMED);
            assertThat(refused.sentence()).isEqualTo("The OAUTHBEARER response is not one: n,a=<box>, then "
                + "auth=Bearer <token> (RFC 7628) (psc-token-malformed)");
        });
        assertThat(trail.records).extracting(AuditRecord::rule).containsExactly("psc-token-malformed");
    }

    @Test
    void aProviderOutOfReachDecidesNothingAndIsAudited() {
        provider.stop();

        LoginOutcome outcome = logins().bearer("OAUTHBEARER", oauthBearer("", provider.mint(DURAND.value())), IMAP);

        assertThat(outcome).isEqualTo(new Unavailable(SectorLogins.PROVIDER_UNAVAILABLE));
        assertThat(trail.records).extracting(AuditRecord::rule).containsExactly("login-unavailable");
    }

    @Test
    void tokensSentToAServerWithoutIssuerAreRefused() {
        SectorLogins withoutTokens = new SectorLogins(Optional.empty(), new BoxChoice(boxes.directory()),
            certificates(), new DelegatedLogin(boxes.directory()), trail);

        assertThat(withoutTokens.bearer("XOAUTH2", xoauth2("", provider.mint(DURAND.value())), IMAP))
            .isInstanceOf(Refused.class);
    }

    @Test
    void aLoginTheTrailCannotRecordIsNotGranted() {
        trail.failing = true;

        assertThat(logins().bearer("OAUTHBEARER", oauthBearer("", provider.mint(DURAND.value())), IMAP))
            .isEqualTo(new Unavailable(SectorLogins.TRAIL_UNAVAILABLE));
        assertThat(logins().delegated(CARDIOLOGY + "*" + DURAND_HOSPITAL, DURAND_PASSWORD, IMAP))
            .contains(new Unavailable(SectorLogins.TRAIL_UNAVAILABLE));
    }

    @Test
    void aRefusalStandsWhenTheTrailCannotRecordIt() {
        trail.failing = true;

        assertThat(logins().bearer("OAUTHBEARER", oauthBearer("", provider.token(DURAND.value()).expired().mint()),
            IMAP)).isInstanceOf(Refused.class);
    }

    @Test
    void softwareOpensItsApplicationBoxWithItsCertificate() {
        LoginOutcome outcome = logins().external(Optional.empty(), SOFTWARE.chain(), SUBMISSION);

        assertThat(outcome).isInstanceOfSatisfying(LoggedIn.class, loggedIn -> assertThat(loggedIn.box())
            .isEqualTo(APP));
        assertThat(trail.records).singleElement().satisfies(record -> {
            assertThat(record.decision()).isEqualTo(Decision.LOGGED_IN);
            assertThat(record.rule()).isEqualTo("certificate-login");
            assertThat(record.via()).isEqualTo("certificate");
            assertThat(record.login()).isEqualTo(APP);
            assertThat(record.reason()).startsWith("submission EXTERNAL: certificate CN=" + APP + " serial ");
        });
    }

    @Test
    void externalWithoutCertificateIsRefusedAndAudited() {
        assertThat(logins().external(Optional.of(APP), List.of(), IMAP)).isInstanceOfSatisfying(Refused.class,
            refused -> assertThat(refused.rule()).isEqualTo(Rule.CERTIFICATE_LOGIN_REFUSED));
        assertThat(trail.records).singleElement().satisfies(record -> {
            assertThat(record.rule()).isEqualTo("certificate-login-refused");
            assertThat(record.login()).isEqualTo(APP);
            assertThat(record.reason()).startsWith("imap EXTERNAL: no certificate: ");
        });
    }

    @Test
    void anOrdinaryLoginIsLeftToThePasswordCheckAndNotAudited() {
        assertThat(logins().delegated(DURAND_HOSPITAL, DURAND_PASSWORD, IMAP)).isEmpty();
        assertThat(trail.records).isEmpty();
    }

    @Test
    void aMemberOpensTheOrgBoxWithTheirOwnPasswordAndTheTrailNamesThemButNotThePassword() {
        assertThat(logins().delegated(CARDIOLOGY + "*" + DURAND_HOSPITAL, DURAND_PASSWORD, IMAP))
            .contains(new LoggedIn(CARDIOLOGY, DURAND_HOSPITAL));
        assertThat(logins().delegated(PHARMACY + "*" + DURAND_HOSPITAL, "wrong-password", IMAP))
            .get().isInstanceOf(Refused.class);

        assertThat(trail.records).hasSize(2);
        assertThat(trail.records.get(0)).satisfies(record -> {
            assertThat(record.decision()).isEqualTo(Decision.LOGGED_IN);
            assertThat(record.rule()).isEqualTo("delegated-login");
            assertThat(record.via()).isEqualTo("delegation");
            assertThat(record.login()).isEqualTo(CARDIOLOGY);
            assertThat(record.reason()).isEqualTo("imap password: member " + DURAND_HOSPITAL + " with their own "
                + "password opened " + CARDIOLOGY);
        });
        assertThat(trail.records.get(1)).satisfies(record -> {
            assertThat(record.rule()).isEqualTo("delegated-login-refused");
            assertThat(record.login()).isEqualTo(PHARMACY);
        });
        assertThat(trail.records).allSatisfy(record -> assertThat(record.reason()).doesNotContain(DURAND_PASSWORD)
            .doesNotContain("wrong-password"));
    }

    private SectorLogins logins() {
        PscSettings settings;
        try {
            settings = new PscSettings(provider.issuer(), provider.jwksUrl(), Set.of(OidcProvider.CLIENT), "eidas1",
                "preferred_username", Duration.ofMinutes(5), Duration.ofSeconds(30), Optional.empty(),
                Optional.empty(), SSLContext.getDefault());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return new SectorLogins(Optional.of(new PscTokenVerifier(settings)), new BoxChoice(boxes.directory()),
            certificates(), new DelegatedLogin(boxes.directory()), trail);
    }

    private CertificateLogins certificates() {
        try {
            Path file = folder.resolve("root.crl");
            Pem.writeRevocationList(file, ROOT.issueRevocationList(List.of(), NOW.minusSeconds(60),
                NOW.plus(Duration.ofDays(7))));
            RevocationLists lists = new RevocationLists(List.of(file.toString()), List.of(ROOT.certificate()),
                Clock.systemUTC());
            lists.refreshNow();
            return new CertificateLogins(boxes.directory(), new BoxCertificates(new CertificateValidator(
                List.of(ROOT.certificate()), lists)), Clock.systemUTC());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String oauthBearer(String box, String token) {
        String header = box.isEmpty() ? "n,," : "n,a=" + box + ",";
        return Base64.getEncoder().encodeToString((header + "\u0001host=imap.caducee.test\u0001port=993\u0001"
            + "auth=Bearer " + token + "\u0001\u0001").getBytes(StandardCharsets.UTF_8));
    }

    private static String xoauth2(String box, String token) {
        return Base64.getEncoder().encodeToString(("user=" + box + "\u0001auth=Bearer " + token + "\u0001\u0001")
            .getBytes(StandardCharsets.UTF_8));
    }

    /** A trail that keeps what it is given, and can be made to fail. */
    private static final class Trail implements AuditTrail {
        final List<AuditRecord> records = new CopyOnWriteArrayList<>();
        volatile boolean failing;

        @Override
        public void append(AuditRecord record) {
            if (failing) {
                throw new AuditUnavailableException("the test's trail is failing", null);
            }
            records.add(record);
        }
    }
}
