package fr.caducee.server.submission;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import fr.caducee.rules.transport.SubmissionTickets;
import fr.caducee.testkit.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

class SingleUseTicketsTest {
    static final String BOX = "146026322000196@patient.chu.localhost";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-05T09:30:00Z"));
    private final SingleUseTickets tickets = new SingleUseTickets(clock);

    @Test
    void aTicketLogsItsBoxInOnceThenNeverAgain() {
        SingleUseTickets.Ticket ticket = tickets.issue(BOX);

        assertThat(tickets.redeem(ticket.secret())).map(SubmissionTickets.Redeemed::box).contains(BOX);
        assertThat(tickets.redeem(ticket.secret())).isEmpty();
    }

    @Test
    void aTicketIsTwoHundredAndFiftySixRandomBitsDifferentEachTime() {
        Set<String> secrets = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            secrets.add(tickets.issue(BOX).secret());
        }
        assertThat(secrets).hasSize(1000).allMatch(secret -> secret.matches("[A-Za-z0-9_-]{43}"));
    }

    @Test
    void aTicketExpiresAfterAMinute() {
        SingleUseTickets.Ticket ticket = tickets.issue(BOX);
        clock.advance(SingleUseTickets.VALIDITY);

        assertThat(tickets.redeem(ticket.secret())).isEmpty();
    }

    @Test
    void aClosedTicketLogsNothingInAndIsForgotten() {
        SingleUseTickets.Ticket ticket = tickets.issue(BOX);
        ticket.close();

        assertThat(tickets.redeem(ticket.secret())).isEmpty();
        assertThat(tickets.held()).isZero();
    }

    @Test
    void aGuessOrAnAlteredTicketLogsNothingIn() {
        SingleUseTickets.Ticket ticket = tickets.issue(BOX);
        String altered = (ticket.secret().charAt(0) == 'A' ? "B" : "A") + ticket.secret().substring(1);

        assertThat(tickets.redeem(altered)).isEmpty();
        assertThat(tickets.redeem("")).isEmpty();
        assertThat(tickets.redeem(ticket.secret())).isPresent();
    }

    @Test
    void theRefusalsTheChainToldAreKeptInOrder() {
        SingleUseTickets.Ticket ticket = tickets.issue(BOX);
        SubmissionTickets.Redeemed redeemed = tickets.redeem(ticket.secret()).orElseThrow();
        redeemed.refused("550 5.7.1", "first-rule", "first");
        redeemed.refused("550 5.7.1", "second-rule", "second");

        assertThat(ticket.refusals()).extracting(SingleUseTickets.Refusal::sentence).containsExactly("first", "second");
    }

    @Test
    void ticketsNeitherClosedNorUsedDoNotPileUp() {
        for (int i = 0; i < 10; i++) {
            tickets.issue(BOX);
        }
        clock.advance(SingleUseTickets.VALIDITY.multipliedBy(2));
        tickets.issue(BOX);

        assertThat(tickets.held()).isEqualTo(1);
    }
}
