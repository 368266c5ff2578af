package fr.caducee.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

class CountedDataSourceTest {
    @Test
    void everyExecutionBatchAndCommitOfATransactionCountsOnce() throws Exception {
        DataSource pool = mock(DataSource.class);
        Connection connection = mock(Connection.class);
        when(pool.getConnection()).thenReturn(connection);
        when(connection.prepareStatement(anyString())).thenReturn(mock(PreparedStatement.class));
        when(connection.createStatement()).thenReturn(mock(Statement.class));
        when(connection.getAutoCommit()).thenReturn(false);
        CountedDataSource counted = new CountedDataSource(pool);

        try (Connection counting = counted.getConnection()) {
            PreparedStatement select = counting.prepareStatement("SELECT 1");
            select.executeQuery();
            select.addBatch();
            select.executeBatch();
            counting.createStatement().execute("SELECT 2");
            counting.commit();
        }

        assertThat(counted.statements()).isEqualTo(4);
    }

    @Test
    void aCommitInAutoCommitModeSendsNothingAndIsNotCounted() throws Exception {
        DataSource pool = mock(DataSource.class);
        Connection connection = mock(Connection.class);
        when(pool.getConnection()).thenReturn(connection);
        when(connection.getAutoCommit()).thenReturn(true);
        CountedDataSource counted = new CountedDataSource(pool);

        try (Connection counting = counted.getConnection()) {
            counting.commit();
        }

        assertThat(counted.statements()).isZero();
    }

    @Test
    void theDriversConnectionIsReachableThroughUnwrap() throws Exception {
        DataSource pool = mock(DataSource.class);
        Connection connection = mock(Connection.class);
        when(pool.getConnection()).thenReturn(connection);

        assertThat(new CountedDataSource(pool).getConnection().unwrap(Connection.class)).isSameAs(connection);
    }
}
