package fr.caducee.identity.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class BearerResponseTest {
    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";

    @Test
    void anOauthBearerResponseWithAnAuthorizationIdentityNamesTheBox() {
        assertThat(oauthBearer("n,a=cardiologie@chu.example,\u0001host=imap.example\u0001port=993\u0001auth=Bearer "
            + TOKEN + "\u0001\u0001"))
            .contains(new BearerResponse(Optional.of("cardiologie@chu.example"), TOKEN));
    }

    @Test
    void anOauthBearerResponseWithoutAuthorizationIdentityNamesNoBox() {
        assertThat(oauthBearer("n,,\u0001auth=Bearer " + TOKEN + "\u0001\u0001"))
            .contains(new BearerResponse(Optional.empty(), TOKEN));
    }

    @Test
    void theSchemeIsReadInAnyCaseAndAClientThatSupportsChannelBindingIsTaken() {
        assertThat(oauthBearer("y,,\u0001auth=bearer " + TOKEN + "\u0001\u0001")).isPresent();
    }

    @Test
    void anEscapedCommaOrEqualsSignInTheAuthorizationIdentityIsUnescaped() {
        assertThat(oauthBearer("n,a=a=2Cb=3Dc@chu.example,\u0001auth=Bearer " + TOKEN + "\u0001\u0001"))
            .map(BearerResponse::authorizationId).contains(Optional.of("a,b=c@chu.example"));
    }

    @Test
    void channelBindingOrANonStandardHeaderIsRefused() {
        assertThat(oauthBearer("p=tls-unique,,\u0001auth=Bearer " + TOKEN + "\u0001\u0001")).isEmpty();
        assertThat(oauthBearer("F,n,,\u0001auth=Bearer " + TOKEN + "\u0001\u0001")).isEmpty();
        assertThat(oauthBearer("n,a=x@chu.example\u0001auth=Bearer " + TOKEN + "\u0001\u0001")).isEmpty();
    }

    @Test
    void aResponseWithoutItsFinalSeparatorOrWithoutAuthIsRefused() {
        assertThat(oauthBearer("n,,\u0001auth=Bearer " + TOKEN + "\u0001")).isEmpty();
        assertThat(oauthBearer("n,,\u0001host=imap.example\u0001\u0001")).isEmpty();
        assertThat(oauthBearer("n,,\u0001\u0001")).isEmpty();
        assertThat(oauthBearer("\u0001")).isEmpty();
    }

    @Test
    void aKeyGivenTwiceOrAKeyThatIsNotLettersIsRefused() {
        assertThat(oauthBearer("n,,\u0001auth=Bearer " + TOKEN + "\u0001auth=Bearer other\u0001\u0001")).isEmpty();
        assertThat(oauthBearer("n,,\u0001host-name=x\u0001auth=Bearer " + TOKEN + "\u0001\u0001")).isEmpty();
    }

    @Test
    void anotherSchemeThanBearerOrATokenWithCharactersOutsideB64tokenIsRefused() {
        assertThat(oauthBearer("n,,\u0001auth=Basic " + TOKEN + "\u0001\u0001")).isEmpty();
        assertThat(oauthBearer("n,,\u0001auth=Bearer " + TOKEN + " extra\u0001\u0001")).isEmpty();
        assertThat(oauthBearer("n,,\u0001auth=Bearer\u0001\u0001")).isEmpty();
    }

    @Test
    void anXoauth2ResponseNamesTheUsersBox() {
        assertThat(BearerResponse.parse("xoauth2", encode("user=dr.durand@chu.example\u0001auth=Bearer " + TOKEN
            + "\u0001\u0001"))).contains(new BearerResponse(Optional.of("dr.durand@chu.example"), TOKEN));
    }

    @Test
    void anXoauth2ResponseWithAnEmptyUserNamesNoBox() {
        assertThat(BearerResponse.parse("XOAUTH2", encode("user=\u0001auth=Bearer " + TOKEN + "\u0001\u0001")))
            .contains(new BearerResponse(Optional.empty(), TOKEN));
    }

    @Test
    void anXoauth2ResponseOutOfOrderOrIncompleteIsRefused() {
        assertThat(BearerResponse.parse("XOAUTH2", encode("auth=Bearer " + TOKEN + "\u0001user=x@chu.example"
            + "\u0001\u0001"))).isEmpty();
        assertThat(BearerResponse.parse("XOAUTH2", encode("user=x@chu.example\u0001auth=Bearer " + TOKEN
            + "\u0001"))).isEmpty();
        assertThat(BearerResponse.parse("XOAUTH2", encode("n,,\u0001auth=Bearer " + TOKEN + "\u0001\u0001")))
            .isEmpty();
    }

    @Test
    void whatIsNotBase64OfUtf8OrIsEmptyIsRefused() {
        assertThat(BearerResponse.parse("OAUTHBEARER", "not base64!")).isEmpty();
        assertThat(BearerResponse.parse("OAUTHBEARER", "=")).isEmpty();
        assertThat(BearerResponse.parse("OAUTHBEARER", "")).isEmpty();
        assertThat(BearerResponse.parse("OAUTHBEARER", Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff,
            (byte) 0xfe}))).isEmpty();
    }

    @Test
    void theEncodedResponseMayEndWithALineBreakAsTheClientSentIt() {
        assertThat(BearerResponse.parse("OAUTHBEARER", encode("n,,\u0001auth=Bearer " + TOKEN + "\u0001\u0001")
            + "\r\n")).isPresent();
    }

    @Test
    void anotherMechanismIsNotABearerResponse() {
        assertThat(BearerResponse.parse("PLAIN", encode("n,,\u0001auth=Bearer " + TOKEN + "\u0001\u0001"))).isEmpty();
    }

    @Test
    void theTokenIsNeverShownByTheResponse() {
        assertThat(new BearerResponse(Optional.empty(), TOKEN).toString()).doesNotContain(TOKEN);
    }

    private static Optional<BearerResponse> oauthBearer(String response) {
        return BearerResponse.parse("OAUTHBEARER", encode(response));
    }

    private static String encode(String response) {
        return Base64.getEncoder().encodeToString(response.getBytes(StandardCharsets.UTF_8));
    }
}
