/**
 * Imports of workflows written for other tools (n8n, Node-RED) and of the product's own documents: each becomes a
 * draft workflow document of §2 with a report naming, per node of the source, whether it was mapped and how, or why
 * not. Nothing here saves or runs anything; the API saves the draft like any other document.
 */
package io.webops.imports;
