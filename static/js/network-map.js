/* The interactive map of the network: draws /rete/grafo.json with cytoscape.js.
 *
 * The page already lists the same actors and links as HTML; this script only
 * adds the drawing, so nothing is lost without it. Texts come from data-msg-*
 * attributes (translated by Django), colours from the legend's CSS.
 */
(function () {
  "use strict";

  // Above this many actors a force layout is too slow in a browser: rings by degree instead.
  var FORCE_LAYOUT_LIMIT = 250;
  // Above this many actors only the hubs carry a label until one zooms in.
  var ALL_LABELS_LIMIT = 80;

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (match, key) {
      return key in values ? String(values[key]) : match;
    });
  }

  function kindColours(wrapper) {
    var colours = {};
    wrapper.querySelectorAll("[data-kind]").forEach(function (swatch) {
      var colour = getComputedStyle(swatch).getPropertyValue("--kind-colour").trim();
      colours[swatch.dataset.kind] = colour || "#888888";
    });
    return colours;
  }

  function toElements(graph, colours) {
    var elements = [];
    graph.nodes.forEach(function (node) {
      elements.push({
        group: "nodes",
        data: {
          id: node.id,
          label: node.label,
          kindLabel: node.kind_label,
          url: node.url,
          degree: node.degree,
          colour: colours[node.kind] || "#888888"
        }
      });
    });
    graph.links.forEach(function (link) {
      elements.push({
        group: "edges",
        data: {
          id: link.id,
          source: link.source,
          target: link.target,
          kindLabel: link.kind_label,
          directed: link.directed,
          since: link.since,
          until: link.until,
          description: link.description,
          articleTitle: link.article_title,
          articleUrl: link.article_url,
          sessionTitle: link.session_title,
          sessionUrl: link.session_url,
          documentUrl: link.document_url
        }
      });
    });
    return elements;
  }

  function addText(parent, tag, text, className) {
    var element = document.createElement(tag);
    element.textContent = text;
    if (className) {
      element.className = className;
    }
    parent.appendChild(element);
    return element;
  }

  function addLink(parent, href, text) {
    var item = document.createElement("li");
    var anchor = document.createElement("a");
    anchor.href = href;
    anchor.textContent = text;
    item.appendChild(anchor);
    parent.appendChild(item);
  }

  function showLink(panel, edge, msg) {
    var data = edge.data();
    var body = document.createElement("div");
    body.className = "card-body";
    var arrow = data.directed ? " → " : " — ";
    addText(body, "h3", data.kindLabel, "h6 mb-1");
    addText(body, "p", edge.source().data("label") + arrow + edge.target().data("label"), "mb-1");
    var period = [];
    if (data.since) {
      period.push(msg.msgSince + " " + data.since.slice(0, 4));
    }
    if (data.until) {
      period.push(msg.msgUntil + " " + data.until.slice(0, 4));
    }
    if (period.length) {
      addText(body, "p", period.join(" "), "mb-1 text-muted");
    }
    if (data.description) {
      addText(body, "p", data.description, "mb-1");
    }
    if (data.articleUrl || data.sessionUrl || data.documentUrl) {
      addText(body, "p", msg.msgDocumented + ":", "mb-0 fw-semibold");
      var list = document.createElement("ul");
      list.className = "mb-0";
      if (data.articleUrl) {
        addLink(list, data.articleUrl, data.articleTitle);
      }
      if (data.sessionUrl) {
        addLink(list, data.sessionUrl, data.sessionTitle);
      }
      if (data.documentUrl) {
        addLink(list, data.documentUrl, msg.msgDocument);
      }
      body.appendChild(list);
    } else {
      addText(body, "p", msg.msgUndocumented, "mb-0 text-muted");
    }
    panel.replaceChildren(body);
    panel.hidden = false;
  }

  function showPrivate(panel, node, msg) {
    var body = document.createElement("div");
    body.className = "card-body";
    addText(body, "p", msg.msgPrivate, "mb-0");
    panel.replaceChildren(body);
    panel.hidden = false;
  }

  function layoutFor(count) {
    if (count <= FORCE_LAYOUT_LIMIT) {
      return { name: "cose", animate: false, randomize: false, numIter: 1000, nodeRepulsion: 9000, idealEdgeLength: 80, padding: 20 };
    }
    return {
      name: "concentric",
      animate: false,
      padding: 20,
      minNodeSpacing: 4,
      concentric: function (node) { return node.data("degree"); },
      levelWidth: function () { return 2; }
    };
  }

  function draw(wrapper, graph) {
    var msg = wrapper.dataset;
    var status = wrapper.querySelector("[data-map-status]");
    var panel = wrapper.querySelector("[data-map-details]");
    var canvas = wrapper.querySelector("[data-map-canvas]");
    if (!graph.nodes.length) {
      status.textContent = msg.msgEmpty;
      canvas.hidden = true;
      return;
    }
    var large = graph.nodes.length > FORCE_LAYOUT_LIMIT;
    var maxDegree = Math.max(1, Math.max.apply(null, graph.nodes.map(function (node) { return node.degree; })));
    var labelThreshold = graph.nodes.length > ALL_LABELS_LIMIT ? Math.max(2, maxDegree / 3) : 0;
    var text = format(msg.msgCount, { nodes: graph.nodes.length, links: graph.links.length });
    if (graph.graph && graph.graph.truncated) {
      text = format(msg.msgTruncated, { shown: graph.nodes.length, total: graph.graph.total_nodes }) + " " + text;
    }
    status.textContent = text;

    var cy = window.cytoscape({
      container: canvas,
      elements: toElements(graph, kindColours(wrapper)),
      layout: layoutFor(graph.nodes.length),
      minZoom: 0.05,
      maxZoom: 4,
      wheelSensitivity: 0.3,
      hideEdgesOnViewport: large,
      textureOnViewport: large,
      boxSelectionEnabled: false,
      style: [
        {
          selector: "node",
          style: {
            "background-color": "data(colour)",
            width: "mapData(degree, 0, " + maxDegree + ", 14, 56)",
            height: "mapData(degree, 0, " + maxDegree + ", 14, 56)",
            "border-width": 1,
            "border-color": "#ffffff",
            "font-size": 11,
            "text-valign": "bottom",
            "text-margin-y": 3,
            "text-wrap": "ellipsis",
            "text-max-width": 140,
            "min-zoomed-font-size": 7,
            color: "#1a1a1a"
          }
        },
        { selector: "node[degree >= " + labelThreshold + "]", style: { label: "data(label)" } },
        {
          selector: "edge",
          style: {
            width: 1.5,
            "line-color": "#9aa5b1",
            "curve-style": large ? "haystack" : "bezier",
            opacity: 0.8
          }
        },
        {
          selector: "edge[?directed]",
          style: large ? {} : { "target-arrow-shape": "triangle", "target-arrow-color": "#9aa5b1", "arrow-scale": 0.8 }
        },
        { selector: "edge:selected", style: { "line-color": "#cc6600", "target-arrow-color": "#cc6600", width: 3 } },
        { selector: "node:selected", style: { "border-color": "#cc6600", "border-width": 3 } }
      ]
    });

    cy.on("tap", "node", function (event) {
      var url = event.target.data("url");
      if (url) {
        window.location.assign(url);
      } else {
        showPrivate(panel, event.target, msg);
      }
    });
    cy.on("tap", "edge", function (event) {
      showLink(panel, event.target, msg);
    });
  }

  function start(wrapper) {
    if (typeof window.cytoscape !== "function" || !window.fetch) {
      return;
    }
    wrapper.hidden = false;
    fetch(wrapper.dataset.graphUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (graph) { draw(wrapper, graph); })
      .catch(function () {
        wrapper.querySelector("[data-map-status]").textContent = wrapper.dataset.msgError;
        wrapper.querySelector("[data-map-canvas]").hidden = true;
      });
  }

  document.querySelectorAll("[data-network-map]").forEach(start);
})();
