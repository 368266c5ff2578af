package fr.caducee.server.imap;

import org.apache.james.imap.api.process.ImapSession;

import io.netty.channel.Channel;

import fr.caducee.rules.Rule;

/** Told of each command {@link CommandGuard} refuses, with the rule and the answer the client gets. */
interface CommandRefusals {
    /** @param session the connection's IMAP session, null when it has none yet */
    void refused(Channel channel, ImapSession session, Rule rule, String answer);
}
