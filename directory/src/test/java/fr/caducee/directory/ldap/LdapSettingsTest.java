package fr.caducee.directory.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class LdapSettingsTest {

    static final Duration S = Duration.ofSeconds(1);

    static LdapSettings settings(List<String> urls, String bindDn, String password, String baseDn, int poolSize,
                                 Duration connect, Duration response) {
        return new LdapSettings(urls, bindDn, password, baseDn, poolSize, connect, response);
    }

    static void assertInvalid(Runnable build, String message) {
        assertThatThrownBy(build::run).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void defaults() {
        LdapSettings s = LdapSettings.of("ldaps://ldap.example", "cn=caducee,ou=services,o=caducee", "pw");

        assertThat(s.baseDn()).isEqualTo("o=caducee");
        assertThat(s.poolSize()).isEqualTo(LdapSettings.DEFAULT_POOL_SIZE);
        assertThat(s.ldapUrls().get(0).getPort()).isEqualTo(636);
        assertThat(settings(List.of(" ldap://a.example:1389 ", "ldap://b.example"), "cn=x", "pw", " ", 1, S, S)
                .urls()).containsExactly("ldap://a.example:1389", "ldap://b.example");
    }

    @Test
    void everyProblemNamesItsSetting() {
        assertInvalid(() -> settings(List.of(), "cn=x", "pw", null, 1, S, S),
                "directory LDAP setting urls: at least one ldap:// or ldaps:// URL is required");
        assertInvalid(() -> LdapSettings.of("ldap://a.example/o=caducee", "cn=x", "pw"),
                "directory LDAP setting urls: ldap://a.example/o=caducee must be just scheme, host and port;"
                        + " the base DN is the setting baseDn");
        assertThatThrownBy(() -> LdapSettings.of("http://a.example", "cn=x", "pw"))
                .hasMessageStartingWith("directory LDAP setting urls: http://a.example ");
        assertInvalid(() -> LdapSettings.of("ldap://a.example", " ", "pw"),
                "directory LDAP setting bindDn: is missing: the service account's DN is required"
                        + " (anonymous binds cannot write)");
        assertThatThrownBy(() -> LdapSettings.of("ldap://a.example", "not a dn", "pw"))
                .hasMessageStartingWith("directory LDAP setting bindDn: 'not a dn' is not a valid DN");
        assertInvalid(() -> LdapSettings.of("ldap://a.example", "cn=x", ""),
                "directory LDAP setting password: is required for bind DN cn=x");
        assertThatThrownBy(() -> settings(List.of("ldap://a.example"), "cn=x", "pw", "o=caducee,", 1, S, S))
                .hasMessageStartingWith("directory LDAP setting baseDn: 'o=caducee,' is not a valid DN");
        assertInvalid(() -> settings(List.of("ldap://a.example"), "cn=x", "pw", null, 0, S, S),
                "directory LDAP setting poolSize: must be between 1 and 500, found 0");
        assertInvalid(() -> settings(List.of("ldap://a.example"), "cn=x", "pw", null, 1, Duration.ZERO, S),
                "directory LDAP setting connectTimeout: must be a positive duration, found PT0S");
        assertInvalid(() -> settings(List.of("ldap://a.example"), "cn=x", "pw", null, 1, S, null),
                "directory LDAP setting responseTimeout: must be a positive duration, found null");
        assertInvalid(() -> settings(List.of("ldap://a.example"), "cn=x", "pw", null, 1, S, Duration.ofHours(1)),
                "directory LDAP setting responseTimeout: must be at most PT10M, found PT1H");
    }

    @Test
    void thePasswordIsNotShown() {
        assertThat(LdapSettings.of("ldap://a.example", "cn=x", "s3cr3t").toString())
                .contains("password=***").doesNotContain("s3cr3t");
    }
}
