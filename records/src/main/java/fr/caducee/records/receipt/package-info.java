/**
 * The receipts the record's box sends back for each message it handled, in ANS's forms (volet "Transmission LPS de
 * documents CDA par courriel MSSanté", struct-msg-mdn and struct-email-standard): an MDN (RFC 8098) when the message
 * asked for one, otherwise a plain e-mail with the same subject, code and attachments.
 */
package fr.caducee.records.receipt;
