// /unit/: filter the folded unit tree by name. A unit stays visible when it or anything under it matches, and
// the branches leading to a match are opened; clearing the box restores the folds the reader had.
(function () {
  "use strict";

  function items(tree) {
    return Array.prototype.slice.call(tree.querySelectorAll("li"));
  }

  // A unit's own name (its first .name: the nested units come after it), lower-cased once.
  function nameOf(li) {
    if (li.dataset.name === undefined) {
      var label = li.querySelector(".name");
      li.dataset.name = label ? label.textContent.toLowerCase() : "";
    }
    return li.dataset.name;
  }

  function setAll(tree, open) {
    tree.querySelectorAll("details").forEach(function (d) { d.open = open; });
  }

  function filter(tree, query, status, none) {
    var q = query.trim().toLowerCase();
    var lis = items(tree);
    if (!q) {
      lis.forEach(function (li) { li.hidden = false; li.classList.remove("tree-hit"); });
      if (tree.dataset.saved) {
        var saved = JSON.parse(tree.dataset.saved);
        tree.querySelectorAll("details").forEach(function (d, i) { d.open = !!saved[i]; });
        delete tree.dataset.saved;
      }
      status.textContent = "";
      none.hidden = true;
      return;
    }
    if (!tree.dataset.saved) {
      var folds = [];
      tree.querySelectorAll("details").forEach(function (d) { folds.push(d.open ? 1 : 0); });
      tree.dataset.saved = JSON.stringify(folds);
    }
    var hits = 0;
    // Deepest first, so a parent knows whether any child is still shown.
    lis.reverse().forEach(function (li) {
      var hit = nameOf(li).indexOf(q) !== -1 || (li.dataset.alias || "").indexOf(q) !== -1;
      var childShown = li.querySelector(":scope > details > ul > li:not([hidden])") !== null;
      li.classList.toggle("tree-hit", hit);
      li.hidden = !hit && !childShown;
      var details = li.querySelector(":scope > details");
      if (details) { details.open = childShown; }
      if (hit) { hits += 1; }
    });
    status.textContent = (status.dataset.template || "{n}").replace("{n}", hits);
    none.hidden = hits > 0;
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-tree-search]").forEach(function (input) {
      var id = input.dataset.treeSearch;
      var tree = document.getElementById(id);
      var status = document.querySelector('[data-tree-status="' + id + '"]');
      var none = document.querySelector('[data-tree-none="' + id + '"]');
      if (!tree || !status || !none) { return; }
      var timer = null;
      input.addEventListener("input", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(function () { filter(tree, input.value, status, none); }, 120);
      });
      if (input.value) { filter(tree, input.value, status, none); }
    });
    document.querySelectorAll("[data-tree-open], [data-tree-close]").forEach(function (button) {
      button.addEventListener("click", function () {
        var open = button.hasAttribute("data-tree-open");
        var tree = document.getElementById(open ? button.dataset.treeOpen : button.dataset.treeClose);
        if (tree) { setAll(tree, open); }
      });
    });
  });
})();
