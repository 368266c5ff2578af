package fr.caducee.server.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

class ReachabilityTest {
    @Test
    void aDatabaseOnAClosedPortShouldBeUnreachableWithTheReason() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }

        assertThat(Reachability.database("jdbc:postgresql://127.0.0.1:" + closed + "/caducee", "caducee", "x"))
            .hasValueSatisfying(reason -> assertThat(reason).contains("127.0.0.1:" + closed).doesNotContain("\n"));
    }

    @Test
    void aListeningDirectoryShouldBeReachableAndAClosedOneNot() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            assertThat(Reachability.ldap("ldap://127.0.0.1:" + socket.getLocalPort())).isEmpty();
        }
        assertThat(Reachability.ldap("http://127.0.0.1:389")).hasValueSatisfying(reason ->
            assertThat(reason).startsWith("must be ldap://"));
    }
}
