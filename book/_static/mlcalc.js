// The theme binds its sidebar toggles with querySelector, i.e. only the first button of each
// kind, which is hidden in the book layout; the visible one did nothing on phones.
// Forward a click on any other toggle of the same kind to the bound one.
document.addEventListener("click", (event) => {
  for (const kind of [".primary-toggle", ".secondary-toggle"]) {
    const clicked = event.target.closest(kind);
    const bound = document.querySelector(kind);
    if (clicked && bound && clicked !== bound) {
      event.preventDefault();
      event.stopPropagation();
      bound.click();
      return;
    }
  }
}, true);
