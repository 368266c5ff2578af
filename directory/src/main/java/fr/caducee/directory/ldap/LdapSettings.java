package fr.caducee.directory.ldap;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;

/**
 * How to reach the directory server: what {@link LdapDirectoryStore#connect(LdapSettings)} needs to build its
 * connection pool. Every value is checked here, so a wrong setting fails at start with a message naming it.
 *
 * @param urls            {@code ldap://host[:port]} or {@code ldaps://host[:port]}; more than one means failover,
 *                        tried in order
 * @param bindDn          the service account the store binds as; it needs read and write access to the tree under
 *                        the base DN, read access to {@code userPassword}, and no size limit on searches
 * @param password        its password
 * @param baseDn          the base of the tree; empty or null for {@value #DEFAULT_BASE_DN}
 * @param poolSize        the most connections kept open at once
 * @param connectTimeout  how long to wait for a connection (and for a free one when all are busy)
 * @param responseTimeout how long to wait for the answer to one request
 */
public record LdapSettings(List<String> urls, String bindDn, String password, String baseDn, int poolSize,
                           Duration connectTimeout, Duration responseTimeout) {

    public static final String DEFAULT_BASE_DN = "o=caducee";
    public static final int DEFAULT_POOL_SIZE = 10;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(10);
    static final int MAX_POOL_SIZE = 500;
    static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

    public LdapSettings {
        if (urls == null || urls.isEmpty()) {
            throw invalid("urls", "at least one ldap:// or ldaps:// URL is required");
        }
        urls = List.copyOf(urls.stream().map(u -> u == null ? null : u.strip()).toList());
        urls.forEach(LdapSettings::checkUrl);
        bindDn = checkDn("bindDn", bindDn, "the service account's DN is required (anonymous binds cannot write)");
        if (password == null || password.isEmpty()) {
            throw invalid("password", "is required for bind DN " + bindDn);
        }
        baseDn = baseDn == null || baseDn.isBlank() ? DEFAULT_BASE_DN : checkDn("baseDn", baseDn, "");
        if (poolSize < 1 || poolSize > MAX_POOL_SIZE) {
            throw invalid("poolSize", "must be between 1 and " + MAX_POOL_SIZE + ", found " + poolSize);
        }
        checkTimeout("connectTimeout", connectTimeout);
        checkTimeout("responseTimeout", responseTimeout);
    }

    /** One server, the default base DN, pool size and timeouts. */
    public static LdapSettings of(String url, String bindDn, String password) {
        return new LdapSettings(List.of(Objects.requireNonNull(url, "url")), bindDn, password, DEFAULT_BASE_DN,
                DEFAULT_POOL_SIZE, DEFAULT_CONNECT_TIMEOUT, DEFAULT_RESPONSE_TIMEOUT);
    }

    /** The same settings with another pool size and timeouts. */
    public LdapSettings withPool(int size, Duration connect, Duration response) {
        return new LdapSettings(urls, bindDn, password, baseDn, size, connect, response);
    }

    /** The parsed URLs, in order. */
    List<LDAPURL> ldapUrls() {
        return urls.stream().map(LdapSettings::parseUrl).toList();
    }

    /** The password stays out of logs and exception messages. */
    @Override
    public String toString() {
        return "LdapSettings[urls=" + urls + ", bindDn=" + bindDn + ", password=***, baseDn=" + baseDn
                + ", poolSize=" + poolSize + ", connectTimeout=" + connectTimeout + ", responseTimeout="
                + responseTimeout + "]";
    }

    private static void checkUrl(String url) {
        LDAPURL parsed = parseUrl(url);
        String scheme = parsed.getScheme();
        if (!scheme.equals("ldap") && !scheme.equals("ldaps")) {
            throw invalid("urls", url + " must start with ldap:// or ldaps://");
        }
        if (!parsed.hostProvided()) {
            throw invalid("urls", url + " names no host");
        }
        if (parsed.baseDNProvided() || parsed.attributesProvided() || parsed.scopeProvided()
                || parsed.filterProvided()) {
            throw invalid("urls", url + " must be just scheme, host and port; the base DN is the setting baseDn");
        }
    }

    private static LDAPURL parseUrl(String url) {
        if (url == null || url.isEmpty()) {
            throw invalid("urls", "an empty URL was given");
        }
        try {
            return new LDAPURL(url);
        } catch (LDAPException e) {
            throw invalid("urls", url + " is not an LDAP URL (" + e.getMessage() + ")");
        }
    }

    private static String checkDn(String setting, String value, String whenMissing) {
        if (value == null || value.isBlank()) {
            throw invalid(setting, "is missing: " + whenMissing);
        }
        try {
            return new DN(value.strip()).toString();
        } catch (LDAPException e) {
            throw invalid(setting, "'" + value + "' is not a valid DN (" + e.getMessage() + ")");
        }
    }

    private static void checkTimeout(String setting, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw invalid(setting, "must be a positive duration, found " + value);
        }
        if (value.compareTo(MAX_TIMEOUT) > 0) {
            throw invalid(setting, "must be at most " + MAX_TIMEOUT + ", found " + value);
        }
    }

    private static IllegalArgumentException invalid(String setting, String problem) {
        return new IllegalArgumentException("directory LDAP setting " + setting + ": " + problem);
    }
}
