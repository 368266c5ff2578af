package fr.caducee.webmail.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

import fr.caducee.rules.Rule;
import fr.caducee.webmail.web.Form;
import fr.caducee.webmail.web.WebRefusal;

class CsrfGuardTest {
    private static final String ORIGIN = "https://webmail.caducee.test";
    private final CsrfGuard guard = new CsrfGuard(ORIGIN);

    @Test
    void theSameOriginOrNoWordFromTheBrowserPasses() {
        assertThatCode(() -> guard.checkSource(ORIGIN, "same-origin", null)).doesNotThrowAnyException();
        assertThatCode(() -> guard.checkSource(null, null, null)).doesNotThrowAnyException();
        assertThatCode(() -> guard.checkSource(null, "none", null)).doesNotThrowAnyException();
    }

    @Test
    void anotherOriginOrACrossSiteFetchIsForged() {
        WebRefusal origin = catchThrowableOfType(() -> guard.checkSource("https://evil.example", null, "p@x.test"),
            WebRefusal.class);
        WebRefusal site = catchThrowableOfType(() -> guard.checkSource(null, "cross-site", null), WebRefusal.class);
        WebRefusal sameSite = catchThrowableOfType(() -> guard.checkSource(ORIGIN, "same-site", null),
            WebRefusal.class);
        WebRefusal nullOrigin = catchThrowableOfType(() -> guard.checkSource("null", null, null), WebRefusal.class);

        assertThat(origin.rule()).isEqualTo(Rule.WEBMAIL_FORGED_REQUEST);
        assertThat(origin.status()).isEqualTo(403);
        assertThat(origin.login()).hasValue("p@x.test");
        assertThat(site).isNotNull();
        assertThat(sameSite).isNotNull();
        assertThat(nullOrigin).isNotNull();
    }

    @Test
    void theTokenMustBeThereOnceAndEqual() throws WebRefusal {
        String token = "t0k3n";

        assertThatCode(() -> guard.checkToken(token, Form.urlEncoded("csrf=t0k3n"), null)).doesNotThrowAnyException();
        for (String body : new String[] {"", "csrf=", "csrf=t0k3m", "csrf=t0k3n&csrf=t0k3n", "csrf=t0k3n0"}) {
            WebRefusal refusal = catchThrowableOfType(() -> guard.checkToken(token, Form.urlEncoded(body), null),
                WebRefusal.class);
            assertThat(refusal).as(body).isNotNull();
            assertThat(refusal.rule()).isEqualTo(Rule.WEBMAIL_FORGED_REQUEST);
        }
        assertThat(catchThrowableOfType(() -> guard.checkToken(null, Form.urlEncoded("csrf="), null),
            WebRefusal.class)).isNotNull();
    }

    @Test
    void theLoginTokenDependsOnTheCookieAndOnTheKeyDrawnAtStart() {
        String cookie = SessionCookie.newValue();

        assertThat(guard.loginToken(cookie)).isEqualTo(guard.loginToken(cookie)).matches("[A-Za-z0-9_-]{43}");
        assertThat(guard.loginToken(SessionCookie.newValue())).isNotEqualTo(guard.loginToken(cookie));
        assertThat(new CsrfGuard(ORIGIN).loginToken(cookie)).isNotEqualTo(guard.loginToken(cookie));
    }
}
