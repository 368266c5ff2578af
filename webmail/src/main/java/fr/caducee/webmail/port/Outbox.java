package fr.caducee.webmail.port;

/**
 * Sends as the open box through the server's own submission listener, over TLS on loopback, logged in with a
 * single-use ticket: the same rule chain an SMTP client meets, the same audit records (login: the box; the webmail
 * audits the representative when there is one). Nothing is sent any other way.
 */
public interface Outbox {

    /** Sends, and on success copies the message to the box's Sent folder. Never throws for a refusal. */
    SendOutcome send(Viewer viewer, Outgoing message);
}
