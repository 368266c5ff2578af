/**
 * Clinical documents as they travel in the trust space, read without any mail or server library: an
 * {@code IHE_XDM.ZIP} archive (IHE XDM, laid out as practice software and ANS write it), its ebRIM 3.0
 * {@code METADATA.XML} (the documents it declares, their type codes (LOINC), their patients' identifiers (INS), their
 * confidentiality codes, unique ids, files, authors and associations) and the header of each HL7 CDA R2 document
 * ({@link fr.caducee.domain.documents.CdaReader}). Archives come from the network: every read is bounded and the
 * XML parser resolves nothing outside the document. The SMTP rules and the shared-record service both read
 * documents through here.
 */
package fr.caducee.domain.documents;
