package fr.caducee.webmail.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

class SessionCookieTest {

    @Test
    void theCookieIsSecureHttpOnlyStrictForTheWholeHostAlone() {
        assertThat(SessionCookie.set("v")).isEqualTo("__Host-webmail=v; Path=/; Secure; HttpOnly; SameSite=Strict");
        assertThat(SessionCookie.clear()).contains("Max-Age=0").contains("Secure");
    }

    @Test
    void onlyAValueOfTheRightFormIsRead() {
        String value = SessionCookie.newValue();

        assertThat(SessionCookie.from(Collections.enumeration(List.of("a=b; __Host-webmail=" + value + "; c=d"))))
            .hasValue(value);
        assertThat(SessionCookie.from(Collections.enumeration(List.of("__Host-webmail=short")))).isEmpty();
        assertThat(SessionCookie.from(Collections.enumeration(List.of("webmail=" + value)))).isEmpty();
        assertThat(SessionCookie.from(null)).isEmpty();
    }
}
