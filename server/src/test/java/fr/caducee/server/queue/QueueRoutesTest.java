package fr.caducee.server.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.james.webadmin.authentication.AuthenticationFilter;
import org.junit.jupiter.api.Test;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.Decision;
import fr.caducee.rules.Rule;
import fr.caducee.server.storage.spool.SpoolAdministration;
import fr.caducee.server.storage.spool.SpoolAdministration.Selection;
import fr.caducee.server.storage.spool.SpoolAdministration.Touched;
import spark.Request;
import spark.Response;

class QueueRoutesTest {
    final List<AuditRecord> trail = new ArrayList<>();
    final SpoolAdministration spool = mock(SpoolAdministration.class);
    final QueueRoutes routes = new QueueRoutes(spool, trail::add, Optional.empty());
    final Request request = mock(Request.class);
    final Response response = mock(Response.class);

    QueueRoutesTest() {
        when(spool.queueNames()).thenReturn(Set.of("outgoing", "spool"));
        when(request.ip()).thenReturn("127.0.0.1");
        when(request.attribute(AuthenticationFilter.LOGIN)).thenReturn("operateur");
    }

    @Test
    void aHoldIsAuditedWithTheOperatorAndTheMailsItHeld() throws Exception {
        when(request.queryParams("sender")).thenReturn("dr.x@caducee.localhost");
        when(spool.hold(any())).thenReturn(List.of(new Touched("outgoing", "Mail1-a"), new Touched("outgoing", "Mail2-b")));

        String answer = (String) routes.change(request, response, Rule.QUEUE_HELD);

        assertThat(answer).contains("\"held\"", "Mail1-a", "Mail2-b");
        assertThat(trail).singleElement().satisfies(record -> {
            assertThat(record.decision()).isEqualTo(Decision.OPERATOR_ACTION);
            assertThat(record.rule()).isEqualTo("queue-held");
            assertThat(record.login()).isEqualTo("operateur");
            assertThat(record.via()).isEqualTo("webadmin");
            assertThat(record.reason()).contains("held 2 mail(s) (sender dr.x@caducee.localhost)",
                "outgoing/Mail1-a", "outgoing/Mail2-b");
        });
    }

    @Test
    void aChangeThatNamesNoMailsIsRefusedWith400AndNothingChanges() throws Exception {
        String answer = (String) routes.change(request, response, Rule.QUEUE_DELETED);

        verify(response).status(400);
        assertThat(answer).contains("say which mails");
        assertThat(trail).isEmpty();
    }

    @Test
    void aChangeForAnUnknownMailIs404() throws Exception {
        when(request.queryParams("mail")).thenReturn("Mail0-none");
        when(spool.mail("Mail0-none", false)).thenReturn(Optional.empty());

        String answer = (String) routes.change(request, response, Rule.QUEUE_RELEASED);

        verify(response).status(404);
        assertThat(answer).contains("there is no mail 'Mail0-none' in the queues");
    }

    @Test
    void aListingOfAnUnknownQueueIs404NamingTheQueues() {
        when(request.queryParams("queue")).thenReturn("nowhere");

        String answer = (String) routes.list(request, response);

        verify(response).status(404);
        assertThat(answer).contains("there is no queue 'nowhere'", "outgoing", "spool");
    }

    @Test
    void aFlushWithoutCriterionFlushesEveryQueueAndRecordsNothingWhenNothingWasWaiting() throws Exception {
        when(spool.flush(any())).thenReturn(List.of());

        String answer = (String) routes.change(request, response, Rule.QUEUE_FLUSHED);

        verify(spool).flush(Selection.everything());
        assertThat(answer).isEqualTo("{\"flushed\":[]}");
        assertThat(trail).isEmpty();
    }
}
