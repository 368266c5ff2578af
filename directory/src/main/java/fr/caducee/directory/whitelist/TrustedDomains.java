package fr.caducee.directory.whitelist;

/** Whether a mail domain belongs to the trust space (is on the national whitelist, la liste blanche). */
@FunctionalInterface
public interface TrustedDomains {
    /** @param domain a domain in any form (Unicode or ASCII, any case); unknown or malformed is not trusted */
    boolean isTrusted(String domain);
}
