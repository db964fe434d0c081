// react-style-singleton, which GraphiQL's dialogs use (through Radix and react-remove-scroll) to
// keep the page from scrolling behind an open dialog, with one change: its rules are added as
// a constructed stylesheet (document.adoptedStyleSheets) rather than as a <style> element,
// which the Content-Security-Policy (style-src 'self', nothing inline) refuses.
// vite.config.ts resolves the package to this module; its API is the package's (2.2).
import { type FC, useEffect } from 'react'

export function stylesheetSingleton() {
  let users = 0
  let sheet: CSSStyleSheet | null = null
  return {
    add(style: string) {
      if (users === 0) {
        sheet = new CSSStyleSheet()
        sheet.replaceSync(style)
        document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]
      }
      users++
    },
    remove() {
      users--
      if (users === 0 && sheet) {
        const added = sheet
        document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== added)
        sheet = null
      }
    },
  }
}

export function styleHookSingleton(): (styles: string, isDynamic?: boolean) => void {
  const sheet = stylesheetSingleton()
  return (styles, isDynamic) => {
    useEffect(() => {
      sheet.add(styles)
      return () => sheet.remove()
    }, [styles && isDynamic])
  }
}

export function styleSingleton(): FC<{ styles: string; dynamic?: boolean }> {
  const useStyle = styleHookSingleton()
  return function Sheet({ styles, dynamic }) {
    useStyle(styles, dynamic)
    return null
  }
}
