package fr.caducee.ldapengine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.unboundid.ldap.matchingrules.MatchingRule;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.schema.Schema;

/**
 * The compact form of an entry held in memory: its DN as given, then each attribute as a number standing for its
 * name (names are shared by the whole directory) and its values, every length a varint. About a tenth of what an
 * SDK {@link Entry} object graph costs; decoding one is a few microseconds. Only in memory: the journal and the
 * snapshots are LDIF.
 */
final class EntryCodec {

    private final Schema schema;
    private final Object namesLock = new Object();
    private final Map<String, Integer> nameIds = new HashMap<>();
    /** Replaced, never changed in place, so readers need no lock. */
    private volatile String[] names = new String[0];
    private final Map<String, MatchingRule> rules = new ConcurrentHashMap<>();

    EntryCodec(Schema schema) {
        this.schema = schema;
    }

    Schema schema() {
        return schema;
    }

    byte[] encode(Entry entry) {
        Output out = new Output(256);
        out.bytes(entry.getDN().getBytes(StandardCharsets.UTF_8));
        out.varint(entry.getAttributes().size());
        for (Attribute attribute : entry.getAttributes()) {
            out.varint(nameId(attribute.getName()));
            byte[][] values = attribute.getValueByteArrays();
            out.varint(values.length);
            for (byte[] value : values) {
                out.bytes(value);
            }
        }
        return out.toArray();
    }

    Entry decode(byte[] data) {
        Input in = new Input(data);
        String dn = new String(in.bytes(), StandardCharsets.UTF_8);
        int count = in.varint();
        String[] known = names;
        List<Attribute> attributes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = known[in.varint()];
            byte[][] values = new byte[in.varint()][];
            for (int v = 0; v < values.length; v++) {
                values[v] = in.bytes();
            }
            attributes.add(new Attribute(name, rule(name), values));
        }
        return new Entry(dn, schema, attributes);
    }

    /** The DN of an encoded entry, as given, without decoding the rest. */
    static String dn(byte[] data) {
        Input in = new Input(data);
        return new String(in.bytes(), StandardCharsets.UTF_8);
    }

    MatchingRule rule(String attributeName) {
        MatchingRule known = rules.get(attributeName);
        if (known != null) {
            return known;
        }
        MatchingRule rule = MatchingRule.selectEqualityMatchingRule(attributeName, schema);
        if (rules.size() < EntryStore.MAX_CACHED_NAMES) {
            rules.put(attributeName, rule);
        }
        return rule;
    }

    private int nameId(String name) {
        synchronized (namesLock) {
            Integer id = nameIds.get(name);
            if (id != null) {
                return id;
            }
            String[] grown = Arrays.copyOf(names, names.length + 1);
            grown[names.length] = name;
            names = grown;
            nameIds.put(name, names.length - 1);
            return names.length - 1;
        }
    }

    private static final class Output {
        private byte[] buffer;
        private int length;

        Output(int capacity) {
            buffer = new byte[capacity];
        }

        void varint(int value) {
            ensure(5);
            while ((value & ~0x7F) != 0) {
                buffer[length++] = (byte) ((value & 0x7F) | 0x80);
                value >>>= 7;
            }
            buffer[length++] = (byte) value;
        }

        void bytes(byte[] value) {
            varint(value.length);
            ensure(value.length);
            System.arraycopy(value, 0, buffer, length, value.length);
            length += value.length;
        }

        byte[] toArray() {
            return Arrays.copyOf(buffer, length);
        }

        private void ensure(int more) {
            if (length + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
            }
        }
    }

    private static final class Input {
        private final byte[] data;
        private int position;

        Input(byte[] data) {
            this.data = data;
        }

        int varint() {
            int value = 0;
            int shift = 0;
            while (true) {
                byte b = data[position++];
                value |= (b & 0x7F) << shift;
                if (b >= 0) {
                    return value;
                }
                shift += 7;
            }
        }

        byte[] bytes() {
            int n = varint();
            byte[] value = Arrays.copyOfRange(data, position, position + n);
            position += n;
            return value;
        }
    }
}
