/**
 * Reading the clinical documents' metadata carried in an {@code IHE_XDM.ZIP} attachment (IHE XDM, ebRIM 3.0
 * {@code METADATA.XML}, laid out as practice software and ANS write it): which documents it declares, their type
 * codes (LOINC), their patients' identifiers and their confidentiality codes; whether the message's
 * {@code X-MSS-CODECDA} and {@code X-MSS-INS} headers say the same, and whether each recipient may receive the
 * documents. Archives come from the network: every read is bounded and the XML parser resolves nothing outside the
 * document.
 */
package fr.caducee.rules.documents;
