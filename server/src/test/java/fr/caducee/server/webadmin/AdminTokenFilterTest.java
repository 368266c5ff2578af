package fr.caducee.server.webadmin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.apache.james.jwt.JwtTokenVerifier;
import org.apache.james.webadmin.authentication.AuthenticationFilter;
import org.junit.jupiter.api.Test;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.Decision;
import fr.caducee.trust.admin.AdminToken;
import spark.HaltException;
import spark.Request;
import spark.Response;

class AdminTokenFilterTest {
    final List<AuditRecord> trail = new ArrayList<>();
    final AdminTokenFilter filter = new AdminTokenFilter(
        new JwtTokenVerifier(() -> List.of(OPERATOR.getPublic())), trail::add);
    final Request request = mock(Request.class);
    final Response response = mock(Response.class);

    AdminTokenFilterTest() {
        when(request.requestMethod()).thenReturn("PUT");
        when(request.pathInfo()).thenReturn("/directory/boxes/a@b.localhost/password");
        when(request.ip()).thenReturn("127.0.0.1");
    }

    @Test
    void aRequestWithoutATokenGets401AndAnAuditRecord() {
        assertThatThrownBy(() -> filter.handle(request, response))
            .isInstanceOfSatisfying(HaltException.class, halt -> {
                assertThat(halt.statusCode()).isEqualTo(401);
                assertThat(halt.body()).contains("No token").contains("scripts/directory token");
            });
        verify(response).header("WWW-Authenticate", "Bearer realm=\"caducee-webadmin\"");
        assertThat(trail).singleElement().satisfies(record -> {
            assertThat(record.decision()).isEqualTo(Decision.REFUSED);
            assertThat(record.rule()).isEqualTo("webadmin-unauthenticated");
            assertThat(record.via()).isEqualTo("webadmin");
            assertThat(record.remote()).isEqualTo("127.0.0.1");
            assertThat(record.reason()).contains("PUT /directory/boxes/a@b.localhost/password");
        });
    }

    @Test
    void aTokenSignedByAnotherKeyGets401() {
        bearer(AdminToken.mint(OTHER.getPrivate(), "intruder", Instant.now(), Duration.ofMinutes(5)));

        assertThatThrownBy(() -> filter.handle(request, response))
            .isInstanceOfSatisfying(HaltException.class, halt -> assertThat(halt.body()).contains("Invalid token"));
        assertThat(trail).hasSize(1);
    }

    @Test
    void aTokenOfTheRightKeyWithoutAdminOrWithoutExpiryGets401() {
        long now = Instant.now().getEpochSecond();
        bearer(sign(OPERATOR.getPrivate(),
            "{\"sub\":\"exploitant\",\"admin\":false,\"exp\":" + (now + 300) + "}"));
        assertThatThrownBy(() -> filter.handle(request, response))
            .isInstanceOfSatisfying(HaltException.class, halt -> assertThat(halt.body()).contains("admin: true"));

        bearer(sign(OPERATOR.getPrivate(), "{\"sub\":\"exploitant\",\"admin\":true}"));
        assertThatThrownBy(() -> filter.handle(request, response))
            .isInstanceOfSatisfying(HaltException.class, halt -> assertThat(halt.body()).contains("no expiry"));
        assertThat(trail).hasSize(2);
    }

    @Test
    void aBasicOrMalformedAuthorizationGets401() {
        when(request.headers("Authorization")).thenReturn("Basic YWRtaW46YWRtaW4=");
        assertThatThrownBy(() -> filter.handle(request, response)).isInstanceOf(HaltException.class);

        bearer("not.a.token");
        assertThatThrownBy(() -> filter.handle(request, response)).isInstanceOf(HaltException.class);
    }

    @Test
    void aTokenOfTheOperatorKeyLetsTheRequestThroughWithItsSubject() throws Exception {
        bearer(AdminToken.mint(OPERATOR.getPrivate(), "exploitant", Instant.now(), Duration.ofMinutes(5)));

        filter.handle(request, response);

        verify(request).attribute(AuthenticationFilter.LOGIN, "exploitant");
        assertThat(trail).isEmpty();
    }

    @Test
    void aMetricsTokenReadsTheMetrics() throws Exception {
        when(request.requestMethod()).thenReturn("GET");
        when(request.pathInfo()).thenReturn("/metrics");
        bearer(AdminToken.mintMetrics(OPERATOR.getPrivate(), "prometheus", Instant.now(), Duration.ofDays(365)));

        filter.handle(request, response);

        verify(request).attribute(AuthenticationFilter.LOGIN, "prometheus");
        assertThat(trail).isEmpty();
    }

    @Test
    void aMetricsTokenOnAnyOtherRouteOrMethodGets403AndAnAuditRecord() {
        bearer(AdminToken.mintMetrics(OPERATOR.getPrivate(), "prometheus", Instant.now(), Duration.ofDays(365)));
        assertThatThrownBy(() -> filter.handle(request, response))
            .isInstanceOfSatisfying(HaltException.class, halt -> {
                assertThat(halt.statusCode()).isEqualTo(403);
                assertThat(halt.body()).contains("only reads GET /metrics");
            });

        when(request.requestMethod()).thenReturn("POST");
        when(request.pathInfo()).thenReturn("/metrics");
        assertThatThrownBy(() -> filter.handle(request, response))
            .isInstanceOfSatisfying(HaltException.class, halt -> assertThat(halt.statusCode()).isEqualTo(403));

        assertThat(trail).hasSize(2).allSatisfy(record -> {
            assertThat(record.rule()).isEqualTo("webadmin-token-scope");
            assertThat(record.reason()).startsWith("403 ");
        });
    }

    @Test
    void aTokenWithAnotherScopeIsNoMetricsToken() {
        long now = Instant.now().getEpochSecond();
        when(request.requestMethod()).thenReturn("GET");
        when(request.pathInfo()).thenReturn("/metrics");
        bearer(sign(OPERATOR.getPrivate(), "{\"sub\":\"x\",\"scope\":\"all\",\"exp\":" + (now + 300) + "}"));

        assertThatThrownBy(() -> filter.handle(request, response))
            .isInstanceOfSatisfying(HaltException.class, halt -> assertThat(halt.statusCode()).isEqualTo(401));
    }

    @Test
    void theHealthCheckNeedsNoToken() throws Exception {
        when(request.pathInfo()).thenReturn("/healthcheck");

        filter.handle(request, response);

        assertThat(trail).isEmpty();
        assertThat(AdminTokenFilter.isHealthCheck("/healthcheck/checks/Guice%20application%20lifecycle")).isTrue();
        assertThat(AdminTokenFilter.isHealthCheck("/healthcheckers")).isFalse();
    }

    private void bearer(String token) {
        when(request.headers("Authorization")).thenReturn("Bearer " + token);
    }

    private static final KeyPair OPERATOR = rsa();
    private static final KeyPair OTHER = rsa();

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token of any claims, signed RS256 the way AdminToken signs: for tokens AdminToken would not mint. */
    private static String sign(PrivateKey key, String claims) {
        Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
        String signed = base64url.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
            + "." + base64url.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + base64url.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
