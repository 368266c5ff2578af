/**
 * The rules on messages that carry clinical documents in an {@code IHE_XDM.ZIP} attachment: finding the archive in
 * the MIME structure, whether the message's {@code X-MSS-CODECDA} and {@code X-MSS-INS} headers say what its
 * metadata says, and whether each recipient may receive the documents (confidentiality codes). The archive itself is
 * read by {@link fr.caducee.domain.documents}.
 */
package fr.caducee.rules.documents;
