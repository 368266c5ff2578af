package fr.caducee.server.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import org.apache.james.core.healthcheck.Result;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Mono;

class DatabaseHealthCheckTest {
    @Test
    void aDatabaseAnsweringSelectOneIsHealthyAndTheQueryHasATimeout() throws Exception {
        Statement statement = answering(1);

        Result result = Mono.from(new DatabaseHealthCheck(source(statement)).check()).block();

        assertThat(result.isHealthy()).isTrue();
        assertThat(result.getComponentName().getName()).isEqualTo("Database");
        verify(statement).setQueryTimeout(3);
    }

    @Test
    void aDatabaseThatRefusesConnectionsIsUnhealthyWithTheReason() throws Exception {
        DataSource source = mock(DataSource.class);
        when(source.getConnection()).thenThrow(new SQLException("Connection to 127.0.0.1:5432 refused"));

        Result result = Mono.from(new DatabaseHealthCheck(source).check()).block();

        assertThat(result.isUnHealthy()).isTrue();
        assertThat(result.getCause()).get().asString().contains("the database does not answer")
            .contains("Connection to 127.0.0.1:5432 refused");
    }

    @Test
    void aPoolThatHangsIsUnhealthyAfterTheLimit() throws Exception {
        DataSource source = mock(DataSource.class);
        when(source.getConnection()).thenAnswer(invocation -> {
            Thread.sleep(5_000);
            return null;
        });

        Result result = Mono.from(new DatabaseHealthCheck(source, Duration.ofMillis(200)).check()).block();

        assertThat(result.isUnHealthy()).isTrue();
        assertThat(result.getCause()).get().asString().contains("no answer within 200 ms");
    }

    private static Statement answering(int value) throws SQLException {
        Statement statement = mock(Statement.class);
        ResultSet answer = mock(ResultSet.class);
        when(statement.executeQuery(anyString())).thenReturn(answer);
        when(answer.next()).thenReturn(true);
        when(answer.getInt(1)).thenReturn(value);
        return statement;
    }

    private static DataSource source(Statement statement) throws SQLException {
        DataSource source = mock(DataSource.class);
        Connection connection = mock(Connection.class);
        when(source.getConnection()).thenReturn(connection);
        when(connection.createStatement()).thenReturn(statement);
        return source;
    }
}
