// Progressive enhancement: a "Copy link" button where the clipboard is available.
document.querySelectorAll("[data-copy]").forEach(function (button) {
  if (!navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    var input = document.querySelector(button.dataset.copy);
    navigator.clipboard.writeText(input.value).then(function () {
      button.textContent = button.dataset.copied;
    });
  });
});
