package fr.caducee.server.submission;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;

import fr.caducee.rules.transport.SubmissionTickets;

/**
 * The single-use tickets the server's own senders (the webmail, the gateway) log in with at its submission listener,
 * one set for the process: {@code SubmissionTicketHook} redeems what {@link LoopbackSubmission} issues.
 */
public class SubmissionModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(SingleUseTickets.class).in(Scopes.SINGLETON);
        bind(SubmissionTickets.class).to(SingleUseTickets.class);
    }
}
