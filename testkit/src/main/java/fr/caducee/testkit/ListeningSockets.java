package fr.caducee.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The sockets a process listens on, read from Linux's /proc with no tool: the kernel's socket tables
 * ({@code /proc/PID/net/tcp}, {@code tcp6}, {@code udp}, {@code udp6}: every socket of the network namespace) keep
 * those whose inode is one of the process's file descriptors ({@code /proc/PID/fd/N -> socket:[inode]}). Listening
 * means state LISTEN for TCP, and for UDP any socket not connected to a peer (it receives from anyone).
 */
public final class ListeningSockets {
    private static final Pattern SOCKET_LINK = Pattern.compile("socket:\\[(\\d+)]");
    private static final String TCP_LISTEN = "0A";

    /** One listening socket: {@code tcp 127.0.0.1:10025}. */
    public record Listener(String protocol, InetAddress address, int port) {
        @Override
        public String toString() {
            return protocol + " " + address.getHostAddress() + ":" + port;
        }
    }

    private ListeningSockets() {
    }

    public static Set<Listener> of(long pid) throws IOException {
        Set<Long> inodes = socketInodes(pid);
        Set<Listener> listeners = new HashSet<>();
        for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
            Path file = Path.of("/proc", Long.toString(pid), "net", table);
            if (!Files.exists(file)) {
                continue; // no IPv6 in this kernel
            }
            List<String> lines = Files.readAllLines(file);
            for (String line : lines.subList(1, lines.size())) {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
                String[] fields = line.trim().split("\\s+");
                boolean listening = table.startsWith("tcp")
                    ? fields[3].equals(TCP_LISTEN)
                    : fields[2].substring(fields[2].indexOf(':') + 1).equals("0000");
                if (listening && inodes.contains(Long.parseLong(fields[9]))) {
                    listeners.add(listener(table.replace("6", ""), fields[1]));
                }
            }
        }
        return listeners;
    }

    private static Set<Long> socketInodes(long pid) throws IOException {
        Set<Long> inodes = new HashSet<>();
        try (Stream<Path> descriptors = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path descriptor : (Iterable<Path>) descriptors::iterator) {
                try {
                    Matcher socket = SOCKET_LINK.matcher(Files.readSymbolicLink(descriptor).toString());
                    if (socket.matches()) {
                        inodes.add(Long.parseLong(socket.group(1)));
                    }
                } catch (IOException closedMeanwhile) {
                    // a descriptor closed between the listing and the read holds nothing
                }
            }
        }
        return inodes;
    }

    /**
     * {@code 0100007F:2721} is 127.0.0.1:10017: the address as the kernel stores it, 32-bit words in host byte order
     * (little-endian here), the port in hex. An IPv4-mapped IPv6 address comes back as its IPv4 address.
     */
    public static Listener listener(String protocol, String hexAddress) throws UnknownHostException {
        String[] parts = hexAddress.split(":");
        String hex = parts[0];
        byte[] address = new byte[hex.length() / 2];
        for (int word = 0; word < hex.length() / 8; word++) {
            for (int b = 0; b < 4; b++) {
                int at = word * 8 + (3 - b) * 2;
                address[word * 4 + b] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        return new Listener(protocol, InetAddress.getByAddress(address), Integer.parseInt(parts[1], 16));
    }
}
