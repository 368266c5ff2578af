package fr.caducee.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

class ListeningSocketsTest {
    @Test
    void anIpv4AddressFromTheKernelTableIsReadInHostByteOrder() throws Exception {
        assertThat(ListeningSockets.listener("tcp", "0100007F:2721"))
            .isEqualTo(new ListeningSockets.Listener("tcp", InetAddress.getByName("127.0.0.1"), 10017));
    }

    @Test
    void anIpv4MappedIpv6AddressIsReadAsItsIpv4Address() throws Exception {
        assertThat(ListeningSockets.listener("tcp", "0000000000000000FFFF00000100007F:2721"))
            .isEqualTo(new ListeningSockets.Listener("tcp", InetAddress.getByName("127.0.0.1"), 10017));
    }

    @Test
    void theIpv6WildcardAddressIsRead() throws Exception {
        assertThat(ListeningSockets.listener("tcp", "00000000000000000000000000000000:0019").toString())
            .isEqualTo("tcp 0:0:0:0:0:0:0:0:25");
    }

    @Test
    void theCurrentProcessListeningOnAPortIsSeen() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThat(ListeningSockets.of(ProcessHandle.current().pid()))
                .contains(new ListeningSockets.Listener("tcp", InetAddress.getByName("127.0.0.1"), socket.getLocalPort()));
        }
    }
}
