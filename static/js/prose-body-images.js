/* Body images uploaded from the editor: the admin's rich-text image dialog gains a file field.
 *
 * django-prose-editor loads this module because settings.DJANGO_PROSE_EDITOR_EXTENSIONS
 * names it for the "BodyImageUpload" extension, which BODY_EXTENSIONS (workshops/models/
 * articles.py) enables with its options: the upload URL, MEDIA_URL and the texts, translated
 * by Django. When the figure dialog opens, this adds a file input below the alternative
 * text: the chosen file is sent with that text to the admin's upload view, which checks
 * and re-encodes it and answers the URL the dialog then inserts. A URL of another site is
 * refused in the dialog itself, with the reason (the server refuses it too).
 */
import { Extension } from "django-prose-editor/editor"

let fieldCount = 0

const csrfToken = (element) =>
  element.closest("form")?.querySelector("input[name=csrfmiddlewaretoken]")?.value ||
  document.querySelector("input[name=csrfmiddlewaretoken]")?.value ||
  ""

// The same rule as workshops.images.is_media_url: under MEDIA_URL, nowhere else.
const isMediaUrl = (src, mediaUrl) => {
  if (!src.startsWith(mediaUrl) || src.includes("\\")) return false
  const path = src.slice(mediaUrl.length).split(/[?#]/)[0]
  return !path.split("/").some((part) => part === ".." || part === ".")
}

const enhanceDialog = (dialog, options, formElement) => {
  const urlInput = dialog.querySelector("input[name=imageUrl]")
  if (!urlInput || dialog.dataset.bodyImages) return
  dialog.dataset.bodyImages = "true"
  const { messages } = options
  const altInput = dialog.querySelector("input[name=altText]")
  if (altInput) altInput.required = true

  let uploading = false
  const checkUrl = () => {
    const src = urlInput.value.trim()
    if (uploading) urlInput.setCustomValidity(messages.uploading)
    else if (src && !isMediaUrl(src, options.mediaUrl)) urlInput.setCustomValidity(messages.foreign)
    else urlInput.setCustomValidity("")
  }
  urlInput.addEventListener("input", checkUrl)
  checkUrl()

  const id = `body-image-upload-${++fieldCount}`
  const label = document.createElement("label")
  label.htmlFor = id
  label.textContent = messages.file
  const help = document.createElement("span")
  help.className = "prose-editor-help"
  help.id = `${id}-help`
  help.textContent = ` ${messages.help}`
  label.append(help)
  const fileInput = document.createElement("input")
  fileInput.type = "file"
  fileInput.id = id
  fileInput.name = "bodyImageFile"
  fileInput.accept = "image/jpeg,image/png,image/webp"
  fileInput.setAttribute("aria-describedby", `${id}-help ${id}-status`)
  const status = document.createElement("p")
  status.id = `${id}-status`
  status.className = "body-image-upload-status"
  status.setAttribute("role", "status")
  const field = document.createElement("div")
  field.className = "prose-editor-dialog-field"
  field.append(label, fileInput, status)
  // After the description, which the upload needs; the URL above is filled by the upload.
  const altField = altInput?.closest(".prose-editor-dialog-field")
  if (altField) altField.after(field)
  else urlInput.closest(".prose-editor-dialog-field").after(field)

  fileInput.addEventListener("change", async () => {
    const file = fileInput.files[0]
    if (!file) return
    const alt = altInput ? altInput.value.trim() : ""
    if (!alt) {
      status.textContent = messages.altFirst
      fileInput.value = ""
      altInput?.focus()
      return
    }
    const body = new FormData()
    body.append("file", file)
    body.append("alt_text", alt)
    uploading = true
    checkUrl()
    status.textContent = messages.uploading
    try {
      const response = await fetch(options.uploadUrl, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(formElement), Accept: "application/json" },
      })
      const data = await response.json().catch(() => ({}))
      if (response.ok && data.url) {
        urlInput.value = data.url
        status.textContent = messages.done
      } else {
        status.textContent = data.error || messages.failed
        fileInput.value = ""
      }
    } catch {
      status.textContent = messages.failed
      fileInput.value = ""
    } finally {
      uploading = false
      checkUrl()
    }
  })
}

export const BodyImageUpload = Extension.create({
  name: "bodyImageUpload",

  addOptions() {
    return { uploadUrl: null, mediaUrl: "/media/", messages: {} }
  },

  onCreate() {
    const host = this.editor.view.dom.parentElement
    if (!host || !this.options.uploadUrl) return
    // The figure dialog is appended to the editor's element each time it opens.
    this.observer = new MutationObserver(() => {
      for (const dialog of host.querySelectorAll("dialog.prose-editor-dialog")) {
        enhanceDialog(dialog, this.options, host)
      }
    })
    this.observer.observe(host, { childList: true })
  },

  onDestroy() {
    this.observer?.disconnect()
  },
})
