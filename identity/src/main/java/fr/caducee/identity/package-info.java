/**
 * Sector identity: how the trust space proves who is who, free of James. {@code psc}: Pro Santé Connect's access
 * tokens checked (signature against the provider's keys, expiry, level, audience); {@code login}: which box a token,
 * a client certificate or a member's password opens, and the audit of each login ({@link
 * fr.caducee.rules.transport.SaslLogins} is the port IMAP and SMTP ask); {@code smime}: the operator's signature on
 * the messages the server writes, and the check of incoming signatures against the trust anchors; {@code annuaire}:
 * the boxes published to the national directory through the FHIR API MSSanté.
 */
package fr.caducee.identity;
