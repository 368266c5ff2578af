/**
 * The hospital gateway: a hospital's information system speaks HL7 v2 over MLLP; this module reads its messages
 * (HAPI), decides what each one causes and writes the acknowledgements and the business receipts. Free of James: the
 * server listens (TLS, the peer's certificate), stores, and submits the mails through its own chain
 * ({@code server/gateway}, docs/GATEWAY.md).
 *
 * <ul>
 *   <li>{@code mllp}: the frames (0x0B ... 0x1C 0x0D), bounded;</li>
 *   <li>{@code message}: parsing, the checks every message passes (version, character set, type), the
 *       acknowledgements (MSA AA/AE/AR, ERR with HL7 table 0357);</li>
 *   <li>{@code admission}: patient movements (IHE PAM France): arrivals at the emergency department and the notice
 *       to the patient's GP (médecin traitant);</li>
 *   <li>{@code report}: documents (ORU^R01, MDM^T02) with the CI-SIS MetaDMPMSS flags and recipients, and the
 *       business receipts sent back (ZAM^Z01/Z02/Z03);</li>
 *   <li>{@code port}: what the server provides (the store, the submission of mails).</li>
 * </ul>
 */
package fr.caducee.gateway;
