package fr.caducee.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

class OidcProviderTest {
    private final OidcProvider provider = OidcProvider.start();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        provider.close();
    }

    @Test
    void itMintsRs256TokensWithPscsClaimsThatItsPublishedKeysVerify() throws Exception {
        SignedJWT token = SignedJWT.parse(provider.mint(OidcProvider.SAMPLE_IDNAT));
        JWKSet keys = JWKSet.parse(get(provider.jwksUrl()).body());
        RSAKey key = (RSAKey) keys.getKeyByKeyId(token.getHeader().getKeyID());

        assertThat(token.verify(new RSASSAVerifier(key))).isTrue();
        JWTClaimsSet claims = token.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(provider.issuer()).endsWith("/auth/realms/esante-wallet");
        assertThat(claims.getStringClaim("preferred_username")).isEqualTo("899700366240");
        assertThat(claims.getStringClaim("SubjectNameID")).isEqualTo("899700366240");
        assertThat(claims.getStringClaim("acr")).isEqualTo("eidas1");
        assertThat(claims.getStringClaim("azp")).isEqualTo(OidcProvider.CLIENT);
        assertThat(claims.getJSONObjectClaim("SubjectRefPro")).containsKey("exercices");
        assertThat(keys.getKeys()).allSatisfy(published -> assertThat(published.isPrivate()).isFalse());
        assertThat(provider.jwksFetches()).isEqualTo(1);
    }

    @Test
    void anUnsignedTokenIsAPlainJwt() throws Exception {
        assertThat(JWTParser.parse(provider.token("810000005479").unsigned().mint())).isInstanceOf(PlainJWT.class);
    }

    @Test
    void theIntrospectionTellsActiveFromRevokedAndWantsItsClient() throws Exception {
        String token = provider.mint("810000005479");
        assertThat(introspect(token, OidcProvider.INTROSPECTION_LOGIN).body()).contains("\"active\":true");
        provider.revoke(token);
        assertThat(introspect(token, OidcProvider.INTROSPECTION_LOGIN).body()).isEqualTo("{\"active\":false}");
        assertThat(introspect(provider.token("810000005479").expired().mint(), OidcProvider.INTROSPECTION_LOGIN)
            .body()).isEqualTo("{\"active\":false}");
        assertThat(introspect(token, "someone:else").statusCode()).isEqualTo(401);
        assertThat(provider.introspections()).isEqualTo(4);
    }

    @Test
    void stoppedItRefusesConnectionsAndRestartedItAnswersOnTheSamePort() throws Exception {
        URI keys = provider.jwksUrl();
        provider.stop();
        assertThatThrownBy(() -> get(keys)).isInstanceOf(ConnectException.class);

        provider.restart();

        assertThat(provider.jwksUrl()).isEqualTo(keys);
        assertThat(get(keys).statusCode()).isEqualTo(200);
    }

    @Test
    void aRotatedKeyIsPublishedBesideTheOldOneAndSignsTheNextTokens() throws Exception {
        String before = SignedJWT.parse(provider.mint("810000005479")).getHeader().getKeyID();
        provider.rotateKey();
        String after = SignedJWT.parse(provider.mint("810000005479")).getHeader().getKeyID();

        JWKSet keys = JWKSet.parse(get(provider.jwksUrl()).body());
        assertThat(after).isNotEqualTo(before);
        assertThat(keys.getKeyByKeyId(before)).isNotNull();
        assertThat(keys.getKeyByKeyId(after)).isNotNull();
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> introspect(String token, String login) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(provider.introspectionUrl())
            .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(login.getBytes(StandardCharsets.UTF_8)))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)))
            .build(), HttpResponse.BodyHandlers.ofString());
    }
}
