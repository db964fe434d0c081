// govuk-frontend ships no type declarations; these are the components the app uses.
declare module 'govuk-frontend' {
  export class Button {
    constructor(root: Element, config?: object)
  }
  export class ErrorSummary {
    constructor(root: Element, config?: object)
  }
  export class SkipLink {
    constructor(root: Element)
  }
  export class ServiceNavigation {
    constructor(root: Element)
  }
}
