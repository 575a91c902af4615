package io.sr4j.io;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Reads and writes XMP packets with the JDK's XML parser: adds sr4j's provenance note (an
 * {@code rdf:Description} in the {@value #NAMESPACE} namespace) to a source packet, keeping
 * everything the packet already says, and reads the note back.
 */
public final class XmpPackets {
    /** The namespace of sr4j's provenance properties, prefix {@code sr4j}. */
    public static final String NAMESPACE = "https://sr4j.io/ns/provenance/1.0/";
    private static final String RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    private static final String X = "adobe:ns:meta/";
    private static final String PACKET_BEGIN = "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>";
    private static final String PACKET_END = "<?xpacket end=\"w\"?>";

    private XmpPackets() {
    }

    /**
     * The packet {@code sourceXmp} (null, or not well-formed XMP: a new packet) with {@code note}
     * added; a note from an earlier sr4j run is replaced.
     */
    public static String withProvenance(String sourceXmp, Provenance note) {
        Document doc = sourceXmp == null ? null : parse(sourceXmp).orElse(null);
        Element rdf = doc == null ? null : first(doc.getDocumentElement(), RDF, "RDF");
        if (rdf == null) {
            doc = newDocument();
            Element meta = doc.createElementNS(X, "x:xmpmeta");
            doc.appendChild(meta);
            rdf = doc.createElementNS(RDF, "rdf:RDF");
            meta.appendChild(rdf);
        }
        NodeList descriptions = rdf.getElementsByTagNameNS(RDF, "Description");
        for (int i = descriptions.getLength() - 1; i >= 0; i--) {
            Element d = (Element) descriptions.item(i);
            if (d.hasAttributeNS(NAMESPACE, "Model") || d.getElementsByTagNameNS(NAMESPACE, "*").getLength() > 0) {
                d.getParentNode().removeChild(d);
            }
        }
        Element description = doc.createElementNS(RDF, "rdf:Description");
        description.setAttributeNS(RDF, "rdf:about", "");
        description.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:sr4j", NAMESPACE);
        set(description, "Software", note.software());
        set(description, "Model", note.model());
        if (note.modelSha256() != null) {
            set(description, "ModelSHA256", note.modelSha256());
        }
        set(description, "Scale", note.scale());
        if (note.tileSize() > 0) {
            set(description, "TileSize", Integer.toString(note.tileSize()));
        }
        if (note.pipeline() != null) {
            set(description, "Pipeline", note.pipeline());
        }
        set(description, "Date", note.date().toString());
        rdf.appendChild(description);
        return serialize(doc);
    }

    /** The provenance properties of {@code xmp} (local name → value), empty if it has no note. */
    public static Map<String, String> readProvenance(String xmp) {
        Map<String, String> out = new LinkedHashMap<>();
        parse(xmp).ifPresent(doc -> {
            NodeList descriptions = doc.getElementsByTagNameNS(RDF, "Description");
            for (int i = 0; i < descriptions.getLength(); i++) {
                var attributes = descriptions.item(i).getAttributes();
                for (int a = 0; a < attributes.getLength(); a++) {
                    Node attr = attributes.item(a);
                    if (NAMESPACE.equals(attr.getNamespaceURI())) {
                        out.put(attr.getLocalName(), attr.getNodeValue());
                    }
                }
            }
        });
        return out;
    }

    /** True if {@code xmp} is a well-formed XML document. */
    public static boolean isWellFormed(String xmp) {
        return parse(xmp).isPresent();
    }

    private static void set(Element description, String name, String value) {
        description.setAttributeNS(NAMESPACE, "sr4j:" + name, value);
    }

    private static Element first(Element root, String ns, String localName) {
        if (ns.equals(root.getNamespaceURI()) && localName.equals(root.getLocalName())) {
            return root;
        }
        NodeList found = root.getElementsByTagNameNS(ns, localName);
        return found.getLength() == 0 ? null : (Element) found.item(0);
    }

    private static Optional<Document> parse(String xml) {
        try {
            DocumentBuilder builder = factory().newDocumentBuilder();
            builder.setErrorHandler(null);
            return Optional.of(builder.parse(new InputSource(new StringReader(xml.strip()))));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            return Optional.empty();
        }
    }

    private static Document newDocument() {
        try {
            return factory().newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser is not available", e);
        }
    }

    /** Namespace-aware; no DTDs or external entities (a packet comes from an untrusted file). */
    private static DocumentBuilderFactory factory() throws ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        return f;
    }

    /** The document as a packet: wrapped in xpacket processing instructions unless it has them. */
    private static String serialize(Document doc) {
        boolean wrapped = false;
        for (Node n = doc.getFirstChild(); n != null; n = n.getNextSibling()) {
            wrapped |= n.getNodeType() == Node.PROCESSING_INSTRUCTION_NODE && "xpacket".equals(n.getNodeName());
        }
        try {
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            StringWriter out = new StringWriter();
            t.transform(new DOMSource(doc), new StreamResult(out));
            return wrapped ? out.toString() : PACKET_BEGIN + "\n" + out + "\n" + PACKET_END;
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot serialise an XMP packet", e);
        }
    }
}
