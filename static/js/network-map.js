/* The interactive map of the network: draws /rete/grafo.json with cytoscape.js.
 *
 * The page already lists the same actors and links as HTML; this script only
 * adds the drawing, so nothing is lost without it. Texts come from data-msg-*
 * attributes (translated by Django), colours from the legend's CSS.
 */
(function () {
  "use strict";

  // Above this many actors the lines are drawn plainer and hidden while the map moves.
  var LARGE_MAP = 250;
  // grafo.json places each actor in a unit square (networks/layout.py): the square is drawn
  // this many units wide per square root of the actors shown, so that neighbours sit about
  // 30 units apart: the map as dense as cytoscape's own layout drew it (circles of 14 to 56).
  var SPREAD = 65;
  // Labels are drawn at this size on screen whatever the zoom (at least 12 px to be read).
  var LABEL_PX = 13;
  // A longer name ends in "…" beyond this width on screen.
  var LABEL_MAX_PX = 150;
  // Room kept free around each label, so that two never touch.
  var LABEL_GAP_PX = 4;

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

  function isPlaced(graph) {
    return graph.nodes.every(function (node) {
      return typeof node.x === "number" && typeof node.y === "number";
    });
  }

  function toElements(graph, colours) {
    var elements = [];
    var spread = SPREAD * Math.sqrt(graph.nodes.length);
    var placed = isPlaced(graph);
    graph.nodes.forEach(function (node) {
      elements.push({
        group: "nodes",
        position: placed ? { x: node.x * spread, y: node.y * spread } : undefined,
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
          kind: link.kind,
          weight: link.weight || 1,
          sessions: link.sessions || [],
          directed: link.directed,
          since: link.since,
          until: link.until,
          description: link.description,
          documented: link.documented,
          undated: link.undated,
          documentFile: link.document_file,
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
    } else {
      period.push(msg.msgUndated);
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
    if (data.sessions.length) {
      // An encounter at the workshops: its sessions are its documentation.
      addText(body, "p", format(msg.msgMet, { n: data.sessions.length }), "mb-0 fw-semibold");
      var sessions = document.createElement("ul");
      sessions.className = "mb-0";
      data.sessions.forEach(function (session) { addLink(sessions, session.url, session.title); });
      body.appendChild(sessions);
    } else if (data.articleUrl || data.sessionUrl || data.documentUrl || data.documentFile) {
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
      if (data.documentFile) {
        addLink(list, data.documentFile, msg.msgDocumentFile);
      }
      body.appendChild(list);
    } else if (data.documented) {
      addText(body, "p", msg.msgSourceUnpublished, "mb-0 text-muted");
    } else {
      addText(body, "p", msg.msgUndocumented, "mb-0 fw-semibold");
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

  /* The server's places when the file has them (no simulation in the browser: on a phone
   * cytoscape's force layout blocked the page for seconds); rings by degree otherwise
   * (a network too large for the server's layout, or a file built before it). */
  function layoutFor(graph) {
    if (isPlaced(graph)) {
      return { name: "preset", fit: true, padding: 20 };
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

  function boxesOverlap(a, b) {
    return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
  }

  /* Label the actors whose names fit on screen without touching another label.
   *
   * The most connected come first; a name that would overlap one already placed, or
   * fall outside the canvas, stays hidden until a zoom or a pan makes room for it.
   * The size is set in screen pixels, so a label reads the same at every zoom.
   */
  function placeLabels(cy, measure) {
    var width = cy.width();
    var height = cy.height();
    var placed = [];
    var nodes = cy.nodes().sort(function (a, b) {
      return b.data("degree") - a.data("degree") || (a.data("label") < b.data("label") ? -1 : 1);
    });
    cy.batch(function () {
      // The style's sizes are functions of the zoom (see draw): recompute them.
      cy.style().update();
      nodes.forEach(function (node) {
        var position = node.renderedPosition();
        var radius = node.renderedOuterHeight() / 2;
        var textWidth = Math.min(measure(node.data("label")), LABEL_MAX_PX) + 4;
        var top = position.y + radius + 1;
        var box = {
          x1: position.x - textWidth / 2 - LABEL_GAP_PX,
          x2: position.x + textWidth / 2 + LABEL_GAP_PX,
          y1: top - LABEL_GAP_PX,
          y2: top + LABEL_PX * 1.4 + 4 + LABEL_GAP_PX
        };
        var body = { x1: position.x - radius, x2: position.x + radius, y1: position.y - radius, y2: position.y + radius };
        var visible = box.x1 >= 0 && box.y1 >= 0 && box.x2 <= width && box.y2 <= height;
        // Labelled actors are drawn above the others: neither their name nor their circle
        // may cover a name already placed.
        var free = visible && !placed.some(function (other) {
          return boxesOverlap(box, other) || (other.label && boxesOverlap(body, other));
        });
        if (free) {
          box.label = true;
          placed.push(box, body);
        }
        node.toggleClass("labelled", free);
      });
    });
    return placed.filter(function (box) { return box.label; }).length;
  }

  function labelMeasurer(canvas) {
    var context = document.createElement("canvas").getContext("2d");
    var family = getComputedStyle(canvas).fontFamily || "sans-serif";
    context.font = "600 " + LABEL_PX + "px " + family;
    return {
      family: family,
      measure: function (text) { return context.measureText(text || "").width; }
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
    var large = graph.nodes.length > LARGE_MAP;
    var maxDegree = Math.max(1, Math.max.apply(null, graph.nodes.map(function (node) { return node.degree; })));
    var maxWeight = Math.max(2, Math.max.apply(null, graph.links.map(function (link) { return link.weight || 1; })));
    var text = format(msg.msgCount, { nodes: graph.nodes.length, links: graph.links.length });
    if (graph.graph && graph.graph.truncated) {
      text = format(msg.msgTruncated, { shown: graph.nodes.length, total: graph.graph.total_nodes }) + " " + text;
    }
    status.textContent = text;
    var labels = labelMeasurer(canvas);

    var cy = window.cytoscape({
      container: canvas,
      elements: toElements(graph, kindColours(wrapper)),
      layout: layoutFor(graph),
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
            "font-family": labels.family,
            "font-weight": 600,
            // Sizes on screen divided by the zoom: the same pixels at every zoom.
            "font-size": function (node) { return LABEL_PX / node.cy().zoom(); },
            "text-valign": "bottom",
            "text-margin-y": function (node) { return 3 / node.cy().zoom(); },
            "text-wrap": "ellipsis",
            "text-max-width": function (node) { return LABEL_MAX_PX / node.cy().zoom() + "px"; },
            "text-background-color": "#ffffff",
            "text-background-opacity": 0.85,
            "text-background-padding": function (node) { return 2 / node.cy().zoom() + "px"; },
            color: "#1a1a1a"
          }
        },
        // Drawn above the other actors, so that no circle covers a name.
        { selector: "node.labelled", style: { label: "data(label)", "z-index": 10 } },
        {
          selector: "edge",
          style: {
            width: 1.5,
            "line-color": "#8a96a3",
            "curve-style": large ? "haystack" : "bezier",
            opacity: 0.8
          }
        },
        // A link whose source is not yet indicated: dashed, as in the legend.
        { selector: "edge[!documented]", style: { "line-style": "dashed", "line-dash-pattern": [6, 4] } },
        // Met at the workshops: dotted, as in the legend, thicker for more sessions together.
        {
          selector: "edge[kind = 'encounter']",
          style: { "line-style": "dotted", "line-color": "#6f4e9c", width: "mapData(weight, 1, " + maxWeight + ", 1.5, 6)" }
        },
        {
          selector: "edge[?directed]",
          style: large ? {} : { "target-arrow-shape": "triangle", "target-arrow-color": "#8a96a3", "arrow-scale": 0.8 }
        },
        { selector: "edge:selected", style: { "line-color": "#cc6600", "target-arrow-color": "#cc6600", width: 3 } },
        { selector: "node:selected", style: { "border-color": "#cc6600", "border-width": 3 } }
      ]
    });
    // For the browser tests, which measure the labels as drawn.
    wrapper.networkMap = cy;

    var pending = null;
    function relabel() {
      pending = null;
      wrapper.dataset.mapPending = "false";
      // Sizes are functions of the zoom, but cytoscape keeps an element's computed style until
      // something dirties it: without this, names kept from the last placement would be drawn
      // at the old zoom's size (2.5 times too big after zooming in).
      cy.nodes().updateStyle();
      wrapper.dataset.mapLabels = String(placeLabels(cy, labels.measure));
      wrapper.dataset.mapPlacements = String(Number(wrapper.dataset.mapPlacements || 0) + 1);
    }
    relabel();
    cy.on("viewport resize", function () {
      if (pending === null) {
        pending = window.setTimeout(relabel, 80);
        // For the browser tests: names are being placed again, do not measure yet.
        wrapper.dataset.mapPending = "true";
      }
    });
    wrapper.dataset.mapReady = "true";

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

  // cytoscape weighs 420 KiB: it is fetched once, when a map first comes near the screen
  // (at once where the page opens on the map) or, on a phone, when the map is asked for;
  // never for a visitor who does not scroll to it or ask.
  var cytoscapeLoaded = null;

  function loadCytoscape(src) {
    if (cytoscapeLoaded === null) {
      cytoscapeLoaded = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = src;
        script.onload = resolve;
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return cytoscapeLoaded;
  }

  // Where the map waits for its button (the same query as networks.css): a phone's slower
  // processor, or a touch screen, where a map drawn unasked also gets in the way of scrolling.
  var TAP_FIRST = "(max-width: 767.98px), (pointer: coarse)";

  function whenAsked(wrapper, begin) {
    var button = wrapper.querySelector("[data-map-show]");
    button.addEventListener("click", function () {
      wrapper.dataset.mapOpen = "true";
      // The button goes away: the status, which says what is drawn, takes the focus.
      wrapper.querySelector("[data-map-status]").focus();
      begin();
    }, { once: true });
  }

  function whenNear(wrapper) {
    if (!window.fetch || !window.Promise) {
      wrapper.hidden = true;
      return;
    }
    function begin() {
      loadCytoscape(wrapper.dataset.cytoscapeSrc).then(
        function () { start(wrapper); },
        function () { wrapper.querySelector("[data-map-status]").textContent = wrapper.dataset.msgError; }
      );
    }
    if (window.matchMedia && window.matchMedia(TAP_FIRST).matches) {
      whenAsked(wrapper, begin);
      return;
    }
    wrapper.dataset.mapOpen = "true";
    if (!("IntersectionObserver" in window)) {
      begin();
      return;
    }
    var observer = new IntersectionObserver(function (entries) {
      if (entries.some(function (entry) { return entry.isIntersecting; })) {
        observer.disconnect();
        begin();
      }
    }, { rootMargin: "600px 0px" });
    observer.observe(wrapper);
  }

  // The filters are folded on phones; where there is room beside the map they stay open.
  if (window.matchMedia && window.matchMedia("(min-width: 992px)").matches) {
    document.querySelectorAll("details[data-open-wide]").forEach(function (details) {
      details.open = true;
    });
  }
  document.querySelectorAll("[data-network-map]").forEach(whenNear);
})();
