// The check-in page at the door (templates/workshops/admin/check_in.html). Without this
// script it works as plain forms; with it the search filters as one types and a tap is
// saved without reloading the page, which keeps one's place in a long list.
(() => {
  const page = document.querySelector("[data-checkin]");
  if (!page) return;
  const count = document.getElementById("checkin-count");
  const filter = page.querySelector("[data-checkin-filter]");
  const none = page.querySelector("[data-checkin-none]");
  const people = Array.from(page.querySelectorAll(".checkin-person"));

  // The same folding as the server's (labimpact/search.py): no case, no accents.
  const fold = (text) =>
    text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);

  const applyFilter = () => {
    const wanted = fold(filter.value);
    let shown = 0;
    for (const person of people) {
      const name = person.dataset.name;
      const match = wanted.every((word) => name.includes(word));
      person.hidden = !match;
      if (match) shown += 1;
    }
    if (none) none.hidden = shown > 0;
  };

  if (filter) {
    filter.addEventListener("input", applyFilter);
    // The typed search keeps working across the page's own reloads (?q=…).
    filter.form.addEventListener("submit", (event) => {
      event.preventDefault();
      const url = new URL(window.location.href);
      if (filter.value.trim()) url.searchParams.set("q", filter.value.trim());
      else url.searchParams.delete("q");
      window.history.replaceState(null, "", url);
      applyFilter();
    });
  }

  const show = (person, present, state) => {
    const button = person.querySelector("button");
    button.setAttribute("aria-pressed", present ? "true" : "false");
    person.querySelector("input[name=present]").value = present ? "0" : "1";
    person.querySelector(".checkin-state").textContent = present ? state : page.dataset.absent;
    person.querySelector(".checkin-hint").textContent = present
      ? page.dataset.hintUndo
      : page.dataset.hintMark;
  };

  const report = (person, message) => {
    let line = person.querySelector(".checkin-error");
    if (!message) {
      if (line) line.remove();
      return;
    }
    if (!line) {
      line = document.createElement("p");
      line.className = "checkin-error";
      line.setAttribute("role", "alert");
      person.append(line);
    }
    line.textContent = message;
  };

  for (const person of people) {
    const form = person.querySelector("form");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const button = form.querySelector("button");
      if (button.getAttribute("aria-busy") === "true") return;
      button.setAttribute("aria-busy", "true");
      try {
        const response = await fetch(form.action, {
          method: "POST",
          body: new FormData(form),
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        });
        const answer = await response.json();
        if (answer.count) count.textContent = answer.count;
        if (typeof answer.present === "boolean") show(person, answer.present, answer.state || "");
        report(person, answer.error || "");
      } catch {
        report(person, page.dataset.error);
      } finally {
        button.removeAttribute("aria-busy");
      }
    });
  }
})();
