package fr.caducee.server.autoconfig;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * An XML answer written with the JDK's StAX writer (every text and attribute escaped), indented so that an operator
 * reading it with curl sees its structure.
 */
final class IndentedXml {
    private static final String INDENT = "  ";

    private final StringWriter out = new StringWriter();
    private final XMLStreamWriter xml;
    private int depth;
    private boolean closedChild;

    IndentedXml() {
        try {
            xml = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
        } catch (XMLStreamException e) {
            throw new IllegalStateException("the JDK's StAX writer cannot write to a string", e);
        }
    }

    /** Opens an element; {@code attributes} are name, value pairs, {@code xmlns} setting the default namespace. */
    IndentedXml open(String name, String... attributes) {
        try {
            newLine();
            xml.writeStartElement(name);
            for (int i = 0; i < attributes.length; i += 2) {
                if ("xmlns".equals(attributes[i])) {
                    xml.writeDefaultNamespace(attributes[i + 1]);
                } else {
                    xml.writeAttribute(attributes[i], attributes[i + 1]);
                }
            }
            depth++;
            closedChild = false;
            return this;
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An element holding only text. */
    IndentedXml element(String name, String text) {
        try {
            newLine();
            xml.writeStartElement(name);
            xml.writeCharacters(text);
            xml.writeEndElement();
            closedChild = true;
            return this;
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    IndentedXml close() {
        try {
            depth--;
            if (closedChild) {
                newLine();
            }
            xml.writeEndElement();
            closedChild = true;
            return this;
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    byte[] bytes() {
        try {
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return (out + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private void newLine() throws XMLStreamException {
        xml.writeCharacters("\n" + INDENT.repeat(depth));
    }
}
