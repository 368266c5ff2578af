package fr.caducee.server.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.List;

import javax.servlet.http.HttpServletResponse;

import org.apache.james.webadmin.authentication.AuthenticationFilter;
import org.junit.jupiter.api.Test;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.Decision;
import spark.Request;
import spark.Response;

class MailRoutesAuditTest {
    final List<AuditRecord> trail = new ArrayList<>();
    final MailRoutesAudit audit = new MailRoutesAudit(trail::add);
    final Request request = mock(Request.class);
    final Response response = mock(Response.class);
    final HttpServletResponse raw = mock(HttpServletResponse.class);

    MailRoutesAuditTest() {
        when(response.raw()).thenReturn(raw);
        when(request.ip()).thenReturn("127.0.0.1");
        when(request.attribute(AuthenticationFilter.LOGIN)).thenReturn("operateur");
        when(request.pathInfo()).thenReturn("/mailRepositories/var%2Fmail%2Ferror/mails/Mail1-a");
        when(request.queryString()).thenReturn("action=reprocess&processor=transport");
    }

    @Test
    void aReprocessJamesAnsweredIsRecordedWithTheOperatorAndThePath() {
        when(request.requestMethod()).thenReturn("PATCH");
        when(raw.getStatus()).thenReturn(201);

        audit.record(request, response);

        assertThat(trail).singleElement().satisfies(record -> {
            assertThat(record.decision()).isEqualTo(Decision.OPERATOR_ACTION);
            assertThat(record.rule()).isEqualTo("mail-administered");
            assertThat(record.login()).isEqualTo("operateur");
            assertThat(record.reason()).isEqualTo("PATCH /mailRepositories/var%2Fmail%2Ferror/mails/Mail1-a"
                + "?action=reprocess&processor=transport answered 201");
        });
    }

    @Test
    void aReadIsNotRecorded() {
        when(request.requestMethod()).thenReturn("GET");
        when(raw.getStatus()).thenReturn(200);

        audit.record(request, response);

        assertThat(trail).isEmpty();
    }

    @Test
    void aRefusedChangeIsNotRecordedAsDone() {
        when(request.requestMethod()).thenReturn("DELETE");
        when(raw.getStatus()).thenReturn(404);

        audit.record(request, response);

        assertThat(trail).isEmpty();
    }
}
