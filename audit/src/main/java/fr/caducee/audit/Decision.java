package fr.caducee.audit;

/** What happened to a message (or a connection) at one step; one audit record says one of these. */
public enum Decision {
    /** SMTP answered 250 to DATA: the message is spooled. */
    ACCEPTED,
    /** A command or a message was refused (4xx or 5xx), with the rule and the reply. */
    REFUSED,
    /** Stored in a local box. */
    DELIVERED,
    /** Handed over to another operator of the trust space. */
    RELAYED,
    /** A delivery status notification was sent back to the sender (failure). */
    BOUNCED,
    /** A professional box wrote to a patient: the patient may now reply to it. */
    CONVERSATION_OPENED,
    /** A professional sent {@code X-MSS-MES: FIN}: the patient may no longer reply. */
    CONVERSATION_CLOSED,
    /** A message to the shared record's box integrated: its documents stored, or acknowledged as already there. */
    DEPOSITED,
    /** A shared record was searched or one of its documents read through the API (who, mode, which document). */
    RECORD_ACCESSED,
    /** A patient's action in the webmail: logged in or out, a second factor enrolled, a box opened, a setting changed. */
    WEBMAIL_ACTION,
    /** An administrator changed who may open a patient's box: a legal representative recorded or removed. */
    DIRECTORY_CHANGED,
    /** A hospital's HL7 message acknowledged {@code AA}: what it caused (notices, deposits, messages), by MSH-10. */
    HL7_HANDLED,
    /** A patient's arrival at an emergency department and what became of telling their GP (the rule says which). */
    ED_ARRIVAL,
    /** A hospital's arrivals at the emergency department (patients' names, INS, GPs) read: who, which hospital, which day. */
    GATEWAY_READ,
    /** A second copy of a message the gateway had already submitted (sent again after a crash): not delivered twice. */
    SUPPRESSED,
    /**
     * A mail client opened a box without the box's own password: with a Pro Santé Connect token, with a client
     * certificate (an application box), or as a member of an organisational box; the rule says which, the reason
     * names the professional's idNat or the certificate.
     */
    LOGGED_IN,
    /** An S/MIME signature on an incoming message checked against the trust anchors: the rule says the result. */
    SIGNATURE_CHECKED,
    /** A box's entry sent to the national directory (Annuaire Santé): published, refused, or to be sent again. */
    PUBLISHED,
    /** An administrator reloaded the server's TLS material: certificate, trust anchors and revocation lists in force. */
    TLS_RELOADED,
    /**
     * An operator acted on mail waiting in a queue or kept in a mail repository over WebAdmin: held, released, made due
     * now, deleted, reprocessed; the rule says which, the reason names the mails.
     */
    OPERATOR_ACTION
}
