/**
 * X.509 material for the TLS ports of a Caducée server: an in-memory certificate authority,
 * the development PKI generated on first start, and the trust anchors (IGC-Santé roots in
 * production) against which peer operators are authenticated on the MX port.
 *
 * <p>Only the JDK providers are used at run time; BouncyCastle serves to build and parse
 * certificates and PEM files, so keys and keystores stay usable by the JDK's TLS stack.
 */
package fr.caducee.trust.pki;
