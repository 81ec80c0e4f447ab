// Progressive enhancement of the language switcher on the sign form's page: the switcher sends
// the form (a POST, so that what was typed comes along); with nothing typed yet, it is an
// ordinary link to the other language's page instead (no CSRF cookie needed, cacheable).
document.querySelectorAll("button.lang-switch[formaction]").forEach(function (button) {
  button.addEventListener("click", function (event) {
    var form = button.form;
    if (!form) return;
    var typed = Array.prototype.some.call(form.elements, function (field) {
      if (field.closest(".hp-field")) return false;
      if (field.type === "checkbox") return field.checked;
      var typable = field.tagName === "TEXTAREA" || ["text", "email"].indexOf(field.type) !== -1;
      return typable && field.value.trim() !== "";
    });
    if (!typed) {
      event.preventDefault();
      window.location.assign(button.getAttribute("formaction"));
    }
  });
});
