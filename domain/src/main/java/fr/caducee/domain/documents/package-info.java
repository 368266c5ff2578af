/**
 * Clinical documents as they travel in the trust space, read without any mail or server library: an
 * {@code IHE_XDM.ZIP} archive (IHE XDM, laid out as practice software and ANS write it) and its ebRIM 3.0
 * {@code METADATA.XML}: the documents it declares, their type codes (LOINC), their patients' identifiers (INS) and
 * their confidentiality codes. Archives come from the network: every read is bounded and the XML parser resolves
 * nothing outside the document. The SMTP rules and the shared-record service both read documents through here.
 */
package fr.caducee.domain.documents;
