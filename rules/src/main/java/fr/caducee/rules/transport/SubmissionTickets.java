package fr.caducee.rules.transport;

import java.util.Optional;

/**
 * Single-use tickets the patients' webmail logs in with at submission, in place of a password it never holds: the
 * server issues one, bound to the box the patient opened, just before it sends through its own submission listener
 * on loopback, so that a message written in the browser meets exactly the chain an SMTP client meets. Kept in the
 * server's memory; {@link SubmissionTicketHook} redeems them, on the submission listeners only.
 */
public interface SubmissionTickets {

    /**
     * Spends a ticket: the ticket as issued, when this secret is one that was issued, not spent yet and not expired;
     * empty otherwise (the login then goes on to the password check, and fails there as any wrong password does).
     */
    Optional<Redeemed> redeem(String secret);

    /** A spent ticket, kept by the session it logged in, so that its issuer learns what the chain answered. */
    interface Redeemed {

        /** The box the ticket was issued for, lower case: the only login it is good for. */
        String box();

        /**
         * The chain refused something in the session this ticket logged in: the reply ({@code 550 5.7.1}), the rule
         * as the audit trail records it, and the sentence, for the webmail to show as an SMTP client would.
         */
        void refused(String reply, String rule, String sentence);

        /**
         * Whether the messages of this session are the server's own writing (the gateway's notices and documents), to
         * be signed with the operator's key; not a patient's message from the webmail.
         */
        default boolean writtenByServer() {
            return false;
        }
    }
}
